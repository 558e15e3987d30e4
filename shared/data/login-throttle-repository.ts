import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * Failed sign-ins per subject (a digest of slug and email) in a fixed window. The item expires
 * through TTL; since TTL deletion lags, readers compare `windowEndsAt` themselves.
 */
export interface FailureWindow {
  failures: number;
  windowEndsAt: number;
}

export const readFailures = async (subjectDigest: string, nowMs: number): Promise<FailureWindow | undefined> => {
  const result = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.loginThrottle(subjectDigest), ConsistentRead: true }),
  );
  const item = result.Item;
  if (!item || (item.windowEndsAt as number) <= nowMs) return undefined;
  return { failures: item.failures as number, windowEndsAt: item.windowEndsAt as number };
};

/** Counts one failure; a window that has ended starts again at one. */
export const countFailure = async (subjectDigest: string, nowMs: number, windowMs: number): Promise<FailureWindow> => {
  const windowEndsAt = nowMs + windowMs;
  try {
    const result = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.loginThrottle(subjectDigest),
        UpdateExpression: 'ADD failures :one',
        ConditionExpression: 'attribute_exists(PK) AND windowEndsAt > :now',
        ExpressionAttributeValues: { ':one': 1, ':now': nowMs },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { failures: result.Attributes?.failures as number, windowEndsAt: result.Attributes?.windowEndsAt as number };
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.loginThrottle(subjectDigest),
      UpdateExpression: 'SET failures = :one, windowEndsAt = :ends, #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ends': windowEndsAt, ':ttl': Math.ceil(windowEndsAt / 1000) + 60 },
    }),
  );
  return { failures: 1, windowEndsAt };
};

export const clearFailures = async (subjectDigest: string): Promise<void> => {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: keys.loginThrottle(subjectDigest) }));
};
