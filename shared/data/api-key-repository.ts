import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey } from '#shared/domain/api-key';
import { DossierError } from '#shared/domain/errors';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import { pageOf, type Page, type PageRequest } from './pagination.ts';
import { transactWrite, type TransactionStep } from './transactions.ts';
import type { TenantScope } from './tenant-scope.ts';

const toApiKey = (item: Record<string, unknown>): ApiKey => ({
  id: item.id as string,
  tenantId: item.tenantId as string,
  name: item.name as string,
  scopes: item.scopes as ApiKey['scopes'],
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
});

export const createApiKey = async (
  scope: TenantScope,
  key: ApiKey,
  secretHash: string,
  audit: TransactionStep,
): Promise<void> =>
  transactWrite(scope, [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: { ...keys.apiKey(scope, key.id), entity: 'api-key', ...key, secretHash },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    audit,
  ]);

/** The key and its secret hash. Read on every API-key request, so revocation takes effect at once. */
export const getApiKeyForAuth = async (
  scope: TenantScope,
  keyId: string,
): Promise<{ key: ApiKey; secretHash: string } | undefined> => {
  const result = await documentClient(scope).send(new GetCommand({ TableName: tableName(), Key: keys.apiKey(scope, keyId) }));
  return result.Item ? { key: toApiKey(result.Item), secretHash: result.Item.secretHash as string } : undefined;
};

export const listApiKeys = async (scope: TenantScope, page: PageRequest): Promise<Page<ApiKey>> => {
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.apiKeysPartition(scope), ':prefix': keys.apiKeyPrefix },
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, toApiKey);
};

/** Revoking deletes the record: the next request with the key finds nothing and is refused. */
export const revokeApiKey = async (scope: TenantScope, keyId: string, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [
    {
      item: { Delete: { TableName: tableName(), Key: keys.apiKey(scope, keyId), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => new DossierError('not-found', { detail: 'API key not found' }),
    },
    audit,
  ]);
