import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DossierError } from '#shared/domain/errors';
import { config } from '#shared/runtime/config';
import { traced } from '#shared/runtime/tracer';
import { noteCapacity } from './capacity.ts';
import type { ItemKey } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';

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

const createClient = (credentials?: DynamoDBClientConfig['credentials']): DynamoDBDocumentClient => {
  const { dynamoEndpoint, region, recordCapacity } = config();
  const base = traced(new DynamoDBClient({
    region,
    ...(dynamoEndpoint
      ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : credentials
        ? { credentials }
        : {}),
    maxAttempts: 4,
  }));
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
const tenantClients = new Map<string, DynamoDBDocumentClient>();
const MAX_TENANT_CLIENTS = 500;

let sts: STSClient | undefined;

/** Credentials of the tenant role for one tenant; the SDK calls this again when they expire. */
const tenantCredentials = (tenantId: string, roleArn: string) => async () => {
  sts ??= traced(new STSClient({ region: config().region }));
  const { Credentials: issued } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `dossier-${tenantId}`.slice(0, 64),
      Tags: [{ Key: 'tenantId', Value: tenantId }],
      DurationSeconds: 900,
    }),
  );
  if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new DossierError('dependency-unavailable', { retryAfter: 1 });
  return {
    accessKeyId: issued.AccessKeyId,
    secretAccessKey: issued.SecretAccessKey,
    sessionToken: issued.SessionToken,
    expiration: issued.Expiration,
  };
};

/**
 * In AWS, a tenant's reads and writes go through a role assumed with the tenant's id as session
 * tag, whose policy admits only keys starting `T#<that tenant>#` (dynamodb:LeadingKeys): a bug
 * that builds another tenant's key meets AccessDenied instead of their data. Sessions last 15
 * minutes and the SDK refreshes them; clients are kept per tenant in the warm container.
 */
const tenantClient = (scope: TenantScope, roleArn: string): DynamoDBDocumentClient => {
  let scoped = tenantClients.get(scope.tenantId);
  if (!scoped) {
    if (tenantClients.size >= MAX_TENANT_CLIENTS) {
      const oldest = tenantClients.keys().next().value as string;
      tenantClients.get(oldest)?.destroy();
      tenantClients.delete(oldest);
    }
    scoped = createClient(tenantCredentials(scope.tenantId, roleArn));
    tenantClients.set(scope.tenantId, scoped);
  }
  return scoped;
};

/**
 * The document client for a call: the tenant's scoped client when a scope is given and the stack
 * provides the tenant role, the function's own otherwise (locally, and for the few global items:
 * slugs, sign-in throttles, the tenant registry).
 */
export const documentClient = (scope?: TenantScope): DynamoDBDocumentClient => {
  const roleArn = config().tenantRoleArn;
  return scope && roleArn ? tenantClient(scope, roleArn) : (client ??= createClient());
};

export const tableName = (): string => config().tableName;

/** For the local runtime and tests that point the process at a different endpoint. */
export const resetDocumentClient = (): void => {
  client?.destroy();
  client = undefined;
  for (const scoped of tenantClients.values()) scoped.destroy();
  tenantClients.clear();
};

/** One item by its key (strongly consistent when asked), or undefined. */
export const readItem = async (
  scope: TenantScope | undefined,
  key: ItemKey,
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown> | undefined> => {
  const result = await documentClient(scope).send(new GetCommand({ TableName: tableName(), Key: key, ...(options.consistent ? { ConsistentRead: true } : {}) }));
  return result.Item;
};
