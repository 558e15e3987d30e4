import type { ApiKey } from '#shared/domain/api-key';
import { DossierError } from '#shared/domain/errors';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import { putIfNew, transactWrite, type TransactionStep } from './transactions.ts';
import type { TenantScope } from './tenant-scope.ts';

const toApiKey = (item: Item): ApiKey => ({
  id: item.id as string,
  tenantId: item.tenantId as string,
  name: item.name as string,
  scopes: item.scopes as ApiKey['scopes'],
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
});

export const createApiKey = async (scope: TenantScope, key: ApiKey & { secretHash: string }, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [putIfNew({ ...keys.apiKey(scope, key.id), entity: 'api-key', ...key }), audit]);

/** The key and its secret hash. Read on every API-key request, so revocation takes effect at once. */
export const getApiKeyForAuth = async (scope: TenantScope, keyId: string): Promise<{ key: ApiKey; secretHash: string } | undefined> => {
  const item = await readItem(scope, keys.apiKey(scope, keyId));
  return item ? { key: toApiKey(item), secretHash: item.secretHash as string } : undefined;
};

export const listApiKeys = (scope: TenantScope, page: PageRequest): Promise<Page<ApiKey>> =>
  queryPage(scope, { partition: keys.apiKeysPartition(scope), range: { beginsWith: keys.apiKeyPrefix }, page }, toApiKey);

/** Revoking deletes the record: the next request with the key finds nothing and is refused. */
export const revokeApiKey = async (scope: TenantScope, keyId: string, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [
    {
      item: { Delete: { TableName: tableName(), Key: keys.apiKey(scope, keyId), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => new DossierError('not-found', { detail: 'API key not found' }),
    },
    audit,
  ]);
