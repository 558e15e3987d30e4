import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DossierError } from '#shared/domain/errors';
import { config } from '#shared/runtime/config';
import { noteCapacity } from './capacity.ts';

/** Errors that mean "DynamoDB is not answering now", which a client should retry later (503). */
const unavailableErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

const isUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return unavailableErrors.has(error.name) || (code !== undefined && networkCodes.has(code));
};

const createClient = (): DynamoDBDocumentClient => {
  const { dynamoEndpoint, region, recordCapacity } = config();
  const base = new DynamoDBClient({
    region,
    ...(dynamoEndpoint
      ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
  });
  base.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (recordCapacity) input.ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        if (recordCapacity) {
          const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
          noteCapacity(context.commandName ?? 'unknown', output.ConsumedCapacity);
        }
        return result;
      } catch (error) {
        if (isUnavailable(error)) throw new DossierError('dependency-unavailable', { retryAfter: 2, cause: error });
        throw error;
      }
    },
    { step: 'initialize', name: 'dossierCapacityAndAvailability' },
  );
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
};

let client: DynamoDBDocumentClient | undefined;

/** The process-wide document client. Tenant-scoped credentials are layered on in `table-access`. */
export const documentClient = (): DynamoDBDocumentClient => (client ??= createClient());

export const tableName = (): string => config().tableName;

/** For the local runtime and tests that point the process at a different endpoint. */
export const resetDocumentClient = (): void => {
  client?.destroy();
  client = undefined;
};
