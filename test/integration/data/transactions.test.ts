import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient, tableName } from '#shared/data/client';
import { keys } from '#shared/data/keys';
import { transactWrite } from '#shared/data/transactions';
import { DossierError } from '#shared/domain/errors';
import { retryingRaces } from '#shared/services/optimistic-retry';
import { someTenant, useFreshTable } from '#test/fixtures/fresh-table';

beforeAll(async () => {
  await useFreshTable();
});

const put = (key: { PK: string; SK: string }, value: string, onConditionFailed?: () => DossierError) => ({
  item: { Put: { TableName: tableName(), Item: { ...key, value }, ConditionExpression: 'attribute_not_exists(PK)' } },
  ...(onConditionFailed ? { onConditionFailed } : {}),
});

describe('transactWrite', () => {
  it("answers a failed condition with the failing step's own error and writes nothing", async () => {
    const scope = someTenant();
    const taken = keys.uniqueValue(scope, 'phone', 'blind-1');
    await transactWrite(scope, [put(taken, 'first')]);
    const fresh = keys.uniqueValue(scope, 'email', 'blind-2');

    const attempt = transactWrite(scope, [put(fresh, 'second'), put(taken, 'second', () => new DossierError('duplicate', { detail: 'phone taken' }))]);

    await expect(attempt).rejects.toMatchObject({ code: 'duplicate', detail: 'phone taken' });
    expect((await documentClient(scope).send(new GetCommand({ TableName: tableName(), Key: fresh }))).Item).toBeUndefined();
  });

  it('commits every one of ten transactions that collide on one item, each retried as a lost race', async () => {
    const scope = someTenant();
    const counter = keys.tenant(scope);

    await Promise.all(
      Array.from({ length: 10 }, () =>
        retryingRaces(() =>
          transactWrite(scope, [
            { item: { Update: { TableName: tableName(), Key: counter, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': 1 } } } },
          ]),
        ),
      ),
    );

    const item = (await documentClient(scope).send(new GetCommand({ TableName: tableName(), Key: counter, ConsistentRead: true }))).Item;
    expect(item?.hits).toBe(10);
  });
});
