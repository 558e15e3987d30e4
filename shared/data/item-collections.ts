import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, QueryCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import type { ItemKey } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

const BATCH = 25;

/** Deletes keys in batches of 25, retrying what DynamoDB leaves unprocessed. */
export const deleteKeys = async (scope: TenantScope, itemKeys: ItemKey[]): Promise<void> => {
  for (let start = 0; start < itemKeys.length; start += BATCH) {
    let requests: BatchWriteCommandInput['RequestItems'] = {
      [tableName()]: itemKeys.slice(start, start + BATCH).map((Key) => ({ DeleteRequest: { Key } })),
    };
    for (let attempt = 0; requests && Object.keys(requests).length > 0; attempt += 1) {
      const result: { UnprocessedItems?: BatchWriteCommandInput['RequestItems'] } = await documentClient(scope).send(
        new BatchWriteCommand({ RequestItems: requests }),
      );
      requests = result.UnprocessedItems;
      if (requests && Object.keys(requests).length > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
    }
  }
};

/** The items of one item collection (one partition key), page by page, strongly consistent. */
export async function* collectionItems(
  scope: TenantScope,
  partitionKey: string,
  options: { keysOnly?: boolean } = {},
): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient(scope).send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey },
        ConsistentRead: true,
        ...(options.keysOnly ? { ProjectionExpression: 'PK, SK' } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every key of one item collection. */
export const keysOfCollection = async (scope: TenantScope, partitionKey: string): Promise<ItemKey[]> => {
  const found: ItemKey[] = [];
  for await (const item of collectionItems(scope, partitionKey, { keysOnly: true })) found.push({ PK: item.PK as string, SK: item.SK as string });
  return found;
};

export const deleteItemCollection = async (scope: TenantScope, partitionKey: string): Promise<void> =>
  deleteKeys(scope, await keysOfCollection(scope, partitionKey));

/** Unconditional deletes as transaction steps, for removing records together with their owner. */
export const deleteSteps = (itemKeys: ItemKey[]): TransactionStep[] =>
  itemKeys.map((Key) => ({ item: { Delete: { TableName: tableName(), Key } } }));
