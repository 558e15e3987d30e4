import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import type { ItemKey } from './keys.ts';
import { queryAll } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { deleteItem, type TransactionStep } from './transactions.ts';

const BATCH = 25;

/**
 * Deletes keys in batches of 25. BatchWriteItem may leave part of a batch unprocessed (it is not
 * an error): that part is sent again after a short wait until none is left.
 */
export const deleteKeys = async (scope: TenantScope, itemKeys: ItemKey[]): Promise<void> => {
  for (let start = 0; start < itemKeys.length; start += BATCH) {
    let requests: BatchWriteCommandInput['RequestItems'] = {
      [tableName()]: itemKeys.slice(start, start + BATCH).map((Key) => ({ DeleteRequest: { Key } })),
    };
    for (let round = 0; requests && Object.keys(requests).length > 0; round += 1) {
      if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
      const result: { UnprocessedItems?: BatchWriteCommandInput['RequestItems'] } = await documentClient(scope).send(
        new BatchWriteCommand({ RequestItems: requests }),
      );
      requests = result.UnprocessedItems;
    }
  }
};

/** The items of one item collection (one partition key), page by page, strongly consistent. */
export const collectionItems = (scope: TenantScope, partitionKey: string, options: { keysOnly?: boolean } = {}) =>
  queryAll(scope, { partition: partitionKey, consistent: true, keysOnly: options.keysOnly });

export const keyOf = (item: Record<string, unknown>): ItemKey => ({ PK: String(item.PK), SK: String(item.SK) });

/** Every key of one item collection. */
export const keysOfCollection = async (scope: TenantScope, partitionKey: string): Promise<ItemKey[]> => {
  const found: ItemKey[] = [];
  for await (const item of collectionItems(scope, partitionKey, { keysOnly: true })) found.push(keyOf(item));
  return found;
};

export const deleteItemCollection = async (scope: TenantScope, partitionKey: string): Promise<void> =>
  deleteKeys(scope, await keysOfCollection(scope, partitionKey));

/** Unconditional deletes as transaction steps, for removing records together with their owner. */
export const deleteSteps = (itemKeys: ItemKey[]): TransactionStep[] => itemKeys.map((key) => deleteItem(key));
