import { TransactWriteCommand, type NativeAttributeValue, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DossierError } from '#shared/domain/errors';
import { documentClient, tableName } from './client.ts';
import type { ItemKey } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, NativeAttributeValue>;

/** One item of a TransactWriteItems call, with the error its failed condition means. */
export interface TransactionStep {
  item: TransactItem;
  onConditionFailed?: () => DossierError;
}

/** DynamoDB's limit on the items of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A new item: the write fails (with `onExists`'s error, or a 409) if one with its key exists. */
export const putIfNew = (item: ItemKey & Item, onExists?: () => DossierError): TransactionStep => ({
  item: { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(PK)' } },
  ...(onExists ? { onConditionFailed: onExists } : {}),
});

/** Replaces an item if it is still at `version` (the one read); otherwise `onStale`'s error. */
export const replaceAtVersion = (item: ItemKey & Item, version: number, onStale: () => DossierError): TransactionStep => ({
  item: {
    Put: { TableName: tableName(), Item: item, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version } },
  },
  onConditionFailed: onStale,
});

/** Deletes an item, if it is still at `version` when one is given. */
export const deleteItem = (key: ItemKey, options: { version?: number; onStale?: () => DossierError } = {}): TransactionStep => ({
  item: {
    Delete: {
      TableName: tableName(),
      Key: key,
      ...(options.version !== undefined ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': options.version } } : {}),
    },
  },
  ...(options.onStale ? { onConditionFailed: options.onStale } : {}),
});

const cancellationCodes = (error: unknown): (string | undefined)[] | undefined => {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code);
};

/**
 * Writes every step or none, with the tenant's scoped credentials (every step must then be under
 * that tenant's prefix), or with the function's own for the few writes that touch a global item
 * (sign-up claims a slug, closing a tenant frees it). A failed condition becomes the error its
 * step names (a duplicate phone, a stale version). One attempt only: the SDK retries throttling,
 * and a transaction cancelled by a concurrent one on the same items is a lost race
 * (`concurrent-update`), which the caller's one optimistic loop (services/optimistic-retry.ts)
 * answers by reading again — retrying the same steps here could only fail the same way.
 */
export const transactWrite = async (scope: TenantScope | 'global', steps: TransactionStep[]): Promise<void> => {
  if (steps.length === 0) return;
  if (steps.length > MAX_TRANSACTION_ITEMS) {
    throw new DossierError('internal', { detail: `A transaction of ${steps.length} items exceeds DynamoDB's ${MAX_TRANSACTION_ITEMS}` });
  }
  try {
    await documentClient(scope === 'global' ? undefined : scope).send(new TransactWriteCommand({ TransactItems: steps.map((step) => step.item) }));
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    const failed = codes.findIndex((code) => code === 'ConditionalCheckFailed');
    if (failed >= 0) throw steps[failed]?.onConditionFailed?.() ?? new DossierError('conflict', { cause: error });
    if (codes.includes('TransactionConflict')) throw new DossierError('concurrent-update', { cause: error });
    throw new DossierError('dependency-unavailable', { retryAfter: 1, cause: error });
  }
};
