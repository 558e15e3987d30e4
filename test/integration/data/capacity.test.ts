import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import { documentClient, tableName } from '#shared/data/client';
import { keys } from '#shared/data/keys';
import { someTenant, useFreshTable } from '#test/fixtures/fresh-table';

beforeAll(async () => {
  await useFreshTable({ DOSSIER_RECORD_CAPACITY: '1' });
});

describe('consumed capacity per request', () => {
  it('adds up the units of every call made within one request, and only those', async () => {
    const scope = someTenant();
    const key = keys.tenant(scope);
    const log = newCapacityLog();
    const elsewhere = newCapacityLog();

    await withCapacityLog(log, async () => {
      await documentClient(scope).send(new PutCommand({ TableName: tableName(), Item: { ...key, note: 'x' } }));
      await documentClient(scope).send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    });
    await withCapacityLog(elsewhere, async () => undefined);

    expect(log.calls.map((call) => call.operation)).toEqual(['PutItemCommand', 'GetItemCommand']);
    expect(log.writeUnits).toBeGreaterThanOrEqual(1);
    expect(log.readUnits).toBeGreaterThanOrEqual(1);
    expect(elsewhere.calls).toEqual([]);
  });
});
