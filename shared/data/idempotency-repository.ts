import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';

/** An Idempotency-Key's record: claimed while its request runs, then holding the sealed answer. */
export interface IdempotencyRecord {
  status: 'in_progress' | 'done';
  fingerprint: string;
  expiresAt: number;
  lockedUntil: number;
  sealedResponse?: string;
}

/**
 * Claims the key for this request: succeeds if nobody holds it, or if the holder's record
 * expired (24 h) or its lock lapsed (a request that died mid-way). Otherwise false.
 */
export const claimIdempotencyKey = async (
  scope: TenantScope | 'global',
  keyDigest: string,
  record: { fingerprint: string; expiresAt: number; lockedUntil: number },
  nowMs: number,
): Promise<boolean> => {
  try {
    await documentClient(scope === 'global' ? undefined : scope).send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.idempotency(scope, keyDigest),
          entity: 'idempotency',
          status: 'in_progress',
          ...record,
          ttl: Math.ceil(record.expiresAt / 1000),
        },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now OR (#status = :running AND lockedUntil < :now AND fingerprint = :fingerprint)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': nowMs, ':running': 'in_progress', ':fingerprint': record.fingerprint },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

export const readIdempotencyKey = async (scope: TenantScope | 'global', keyDigest: string): Promise<IdempotencyRecord | undefined> => {
  const result = await documentClient(scope === 'global' ? undefined : scope).send(
    new GetCommand({ TableName: tableName(), Key: keys.idempotency(scope, keyDigest), ConsistentRead: true }),
  );
  return result.Item as IdempotencyRecord | undefined;
};

/** Marks the key done, with the sealed answer to replay, or without one when it could not be kept. */
export const completeIdempotencyKey = async (scope: TenantScope | 'global', keyDigest: string, sealedResponse: string | undefined): Promise<void> => {
  await documentClient(scope === 'global' ? undefined : scope).send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.idempotency(scope, keyDigest),
      UpdateExpression: sealedResponse === undefined ? 'SET #status = :done' : 'SET #status = :done, sealedResponse = :response',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ...(sealedResponse === undefined ? {} : { ':response': sealedResponse }) },
    }),
  );
};

/** Releases a claim whose request failed, so the client's retry runs it again. */
export const releaseIdempotencyKey = async (scope: TenantScope | 'global', keyDigest: string): Promise<void> => {
  await documentClient(scope === 'global' ? undefined : scope).send(new DeleteCommand({ TableName: tableName(), Key: keys.idempotency(scope, keyDigest) }));
};
