import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * Fixed-window counters of a rate-limited action per subject (a principal and the action): one
 * conditional UpdateItem takes a unit while the window has room. Windows end on multiples of their
 * length and expire through TTL. A tenant's windows live in its partitions; `global` ones (sign-up,
 * before any tenant exists) under `THROTTLE#`.
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Takes one unit of `subject`'s current window; answers the seconds until it ends when it is full. */
export const takeFromWindow = async (scope: TenantScope | 'global', subject: string, window: RateWindow, nowMs: number): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> => {
  const start = Math.floor(nowMs / window.windowMs) * window.windowMs;
  const end = start + window.windowMs;
  try {
    await documentClient(scope === 'global' ? undefined : scope).send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.rateWindow(scope, subject, start),
        UpdateExpression: 'ADD used :one SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':limit': window.limit, ':ttl': Math.ceil(end / 1000) + 60 },
      }),
    );
    return { allowed: true };
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((end - nowMs) / 1000)) };
  }
};
