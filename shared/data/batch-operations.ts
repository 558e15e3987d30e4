import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, BatchWriteCommand, type BatchGetCommandInput, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import type { ItemKey } from './keys.ts';
import type { Item } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';

const GET_BATCH = 100;
const WRITE_BATCH = 25;

/**
 * Sends a batch until nothing is left unprocessed: BatchGetItem and BatchWriteItem may leave part
 * of a batch for later (not an error), which is sent again after a short wait.
 */
const untilProcessed = async <R>(send: (requests: R) => Promise<R | undefined>, first: R): Promise<void> => {
  let requests: R | undefined = first;
  for (let round = 0; requests && Object.keys(requests).length > 0; round += 1) {
    if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
    requests = await send(requests);
  }
};

/** The items at these keys (absent ones left out), in no particular order: BatchGetItem, 100 keys a call. */
export const readKeys = async (scope: TenantScope, itemKeys: readonly ItemKey[], options: { consistent?: boolean } = {}): Promise<Item[]> => {
  const found: Item[] = [];
  for (let start = 0; start < itemKeys.length; start += GET_BATCH) {
    const first: BatchGetCommandInput['RequestItems'] = {
      [tableName()]: { Keys: itemKeys.slice(start, start + GET_BATCH).map((key) => ({ ...key })), ...(options.consistent ? { ConsistentRead: true } : {}) },
    };
    await untilProcessed(async (requests) => {
      const result = await documentClient(scope).send(new BatchGetCommand({ RequestItems: requests }));
      found.push(...(result.Responses?.[tableName()] ?? []));
      return result.UnprocessedKeys;
    }, first);
  }
  return found;
};

/** Puts items unconditionally, 25 a call (items nothing else can be writing: a new import's file parts). */
export const putItems = async (scope: TenantScope, items: readonly Item[]): Promise<void> => {
  for (let start = 0; start < items.length; start += WRITE_BATCH) {
    const first: BatchWriteCommandInput['RequestItems'] = { [tableName()]: items.slice(start, start + WRITE_BATCH).map((Item) => ({ PutRequest: { Item } })) };
    await untilProcessed(async (requests) => {
      const result = await documentClient(scope).send(new BatchWriteCommand({ RequestItems: requests }));
      return result.UnprocessedItems;
    }, first);
  }
};
