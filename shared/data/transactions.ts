import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DossierError } from '#shared/domain/errors';
import { documentClient } from './client.ts';
import type { TenantScope } from './tenant-scope.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One item of a TransactWriteItems call, with the error its failed condition means. */
export interface TransactionStep {
  item: TransactItem;
  onConditionFailed?: () => DossierError;
}

const cancellationCodes = (error: unknown): (string | undefined)[] | undefined => {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code);
};

const MAX_CONFLICT_RETRIES = 8;

/**
 * Writes every step or none, with the tenant's scoped credentials (every step must then be under
 * that tenant's prefix), or with the function's own for the few writes that touch a global item
 * (sign-up claims a slug, closing a tenant frees it). A failed condition becomes the error its step names (a duplicate
 * phone, a stale version); a conflict with another transaction on the same items is retried with
 * jittered backoff, because DynamoDB cancels rather than queues concurrent transactions.
 */
export const transactWrite = async (scope: TenantScope | 'global', steps: TransactionStep[]): Promise<void> => {
  if (steps.length === 0) return;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await documentClient(scope === 'global' ? undefined : scope).send(new TransactWriteCommand({ TransactItems: steps.map((step) => step.item) }));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const failed = codes.findIndex((code) => code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        throw steps[failed]?.onConditionFailed?.() ?? new DossierError('conflict', { cause: error });
      }
      const retryable = codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError');
      if (!retryable || attempt >= MAX_CONFLICT_RETRIES) {
        throw new DossierError('dependency-unavailable', { retryAfter: 1, cause: error });
      }
      await sleep(Math.round((10 + Math.random() * 40) * 2 ** Math.min(attempt, 5)));
    }
  }
};
