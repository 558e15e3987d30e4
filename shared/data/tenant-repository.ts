import { DossierError } from '#shared/domain/errors';
import { withDefaultSettings, type Tenant, type TenantSettings } from '#shared/domain/tenant';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Page, type PageRequest } from './pagination.ts';
import { deleteItem, putIfNew, transactWrite, type TransactionStep } from './transactions.ts';
import type { TenantScope } from './tenant-scope.ts';

/** The tenant's master-key reference and its data and index keys, wrapped by that master key. */
export interface TenantKeyring {
  keyRef: string;
  wrappedDataKey: Uint8Array;
  wrappedIndexKey: Uint8Array;
}

const toTenant = (item: Record<string, unknown>): Tenant => ({
  id: item.id as string,
  slug: item.slug as string,
  name: item.name as string,
  timezone: item.timezone as string,
  currency: item.currency as string,
  locale: item.locale as string,
  country: item.country as string,
  plan: item.plan as Tenant['plan'],
  // Settings added after a tenant signed up read as their documented defaults.
  settings: withDefaultSettings(item.settings as Record<string, unknown> | undefined, item.country as string),
  version: item.version as number,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

/**
 * The steps that register a new tenant: its slug guard, its profile and its wrapped keys. The
 * profile starts with `ownerCount: 1` for the owner created in the same transaction.
 */
export const createTenantSteps = (scope: TenantScope, tenant: Tenant, keyring: TenantKeyring): TransactionStep[] => [
  putIfNew(
    { ...keys.slug(tenant.slug), entity: 'slug', tenantId: tenant.id },
    () => new DossierError('slug-taken', { detail: `The slug "${tenant.slug}" is already taken` }),
  ),
  // In the registry of active tenants that scheduled jobs walk.
  putIfNew({ ...keys.tenant(scope), entity: 'tenant', ...tenant, keyRef: keyring.keyRef, status: 'active', ownerCount: 1, ...keys.tenantRegistryEntry(tenant.id) }),
  putIfNew({
    ...keys.tenantKeys(scope),
    entity: 'tenant-keys',
    keyRef: keyring.keyRef,
    wrappedDataKey: keyring.wrappedDataKey,
    wrappedIndexKey: keyring.wrappedIndexKey,
    createdAt: tenant.createdAt,
  }),
];

export const findTenantIdBySlug = async (slug: string): Promise<string | undefined> => {
  const item = await readItem(undefined, keys.slug(slug));
  return item?.tenantId as string | undefined;
};

export const getTenant = async (scope: TenantScope): Promise<Tenant | undefined> => {
  const item = await readItem(scope, keys.tenant(scope));
  return item && item.status === 'active' ? toTenant(item) : undefined;
};

export const getTenantKeyring = async (scope: TenantScope): Promise<TenantKeyring | undefined> => {
  const item = await readItem(scope, keys.tenantKeys(scope), { consistent: true });
  if (!item) return undefined;
  return { keyRef: item.keyRef as string, wrappedDataKey: item.wrappedDataKey as Uint8Array, wrappedIndexKey: item.wrappedIndexKey as Uint8Array };
};

/** Replaces the settings if the tenant is still at `expectedVersion` (412 otherwise). */
export const saveTenantSettings = async (
  scope: TenantScope,
  settings: TenantSettings,
  expectedVersion: number,
  now: string,
  audit: TransactionStep,
): Promise<void> => {
  await transactWrite(scope, [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.tenant(scope),
          UpdateExpression: 'SET settings = :settings, version = :next, updatedAt = :now',
          ConditionExpression: 'version = :expected AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':settings': settings,
            ':next': expectedVersion + 1,
            ':expected': expectedVersion,
            ':now': now,
            ':active': 'active',
          },
        },
      },
      onConditionFailed: () => new DossierError('precondition-failed'),
    },
    audit,
  ]);
};

/** Frees the slug and marks the tenant deleted; its key is scheduled for deletion by the caller. */
export const markTenantDeleted = async (scope: TenantScope, slug: string, now: string, audit: TransactionStep): Promise<void> => {
  // The slug is a global item: this runs with the function's own credentials.
  await transactWrite('global', [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.tenant(scope),
          UpdateExpression: `SET #status = :deleted, deletedAt = :now REMOVE ${Object.keys(keys.tenantRegistryEntry(scope.tenantId)).join(', ')}`,
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':deleted': 'deleted', ':active': 'active', ':now': now },
        },
      },
      onConditionFailed: () => new DossierError('not-found', { detail: 'Tenant not found' }),
    },
    deleteItem(keys.slug(slug)),
    audit,
  ]);
};


/** Active tenants, a page at a time: the registry scheduled jobs walk (never a Scan). */
export const listActiveTenants = (page: PageRequest): Promise<Page<Tenant>> =>
  queryPage(undefined, { index: 'GSI2', partition: keys.tenantRegistry, page }, toTenant);
