import { DossierError } from '#shared/domain/errors';
import { withDefaultSettings, type Plan, type Tenant } from '#shared/domain/tenant';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, readItem, tableName } from './client.ts';
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

/** What sign-up made for a tenant outside the table: its keyring, and the id of its usage key (its plan's throttle). */
export interface TenantProvisions {
  keyring: TenantKeyring;
  usageKeyId: string;
}

/**
 * The steps that register a new tenant: its slug guard, its profile and its wrapped keys. The
 * profile starts with `ownerCount: 1` for the owner created in the same transaction.
 */
export const createTenantSteps = (scope: TenantScope, tenant: Tenant, { keyring, usageKeyId }: TenantProvisions): TransactionStep[] => [
  putIfNew(
    { ...keys.slug(tenant.slug), entity: 'slug', tenantId: tenant.id },
    () => new DossierError('slug-taken', { detail: `The slug "${tenant.slug}" is already taken` }),
  ),
  // In the registry of active tenants that scheduled jobs walk.
  putIfNew({ ...keys.tenant(scope), entity: 'tenant', ...tenant, keyRef: keyring.keyRef, usageKeyId, status: 'active', ownerCount: 1, ...keys.tenantRegistryEntry(tenant.id) }),
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

/** The active tenant; `consistent` for a read a conditional write will rest on. */
export const getTenant = async (scope: TenantScope, consistent = false): Promise<Tenant | undefined> => {
  const item = await readItem(scope, keys.tenant(scope), { consistent });
  return item && item.status === 'active' ? toTenant(item) : undefined;
};

export const getTenantKeyring = async (scope: TenantScope): Promise<TenantKeyring | undefined> => {
  const item = await readItem(scope, keys.tenantKeys(scope), { consistent: true });
  if (!item) return undefined;
  return { keyRef: item.keyRef as string, wrappedDataKey: item.wrappedDataKey as Uint8Array, wrappedIndexKey: item.wrappedIndexKey as Uint8Array };
};

/** The birthday send slot a tenant is in: its zone and send hour while its offer is on. */
const slotOf = (tenant: Pick<Tenant, 'timezone' | 'settings'>) =>
  tenant.settings.birthdayOffer.enabled ? { timeZone: tenant.timezone, sendHour: tenant.settings.birthdayOffer.sendHour } : undefined;

const slotCount = (slot: { timeZone: string; sendHour: number }, delta: 1 | -1): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.birthdaySlot(slot.timeZone, slot.sendHour),
      UpdateExpression: 'SET #zone = :zone, sendHour = :hour ADD tenants :delta',
      // `timezone` is a DynamoDB reserved word (in any case).
      ExpressionAttributeNames: { '#zone': 'timeZone' },
      ExpressionAttributeValues: { ':zone': slot.timeZone, ':hour': slot.sendHour, ':delta': delta },
    },
  },
});

/**
 * Keeps the birthday send slots current when a tenant changes its zone, its send hour or turns
 * its offer on or off: the tenant's slot membership (GSI3) and the slots' counts move in the
 * same transaction as the change, so the hourly job reads only due slots and their tenants.
 */
const slotChange = (scope: TenantScope, before: Tenant, after: Pick<Tenant, 'timezone' | 'settings'>) => {
  const [was, now] = [slotOf(before), slotOf(after)];
  const same = was?.timeZone === now?.timeZone && was?.sendHour === now?.sendHour;
  const member = now ? keys.birthdaySlotMember(now.timeZone, now.sendHour, scope.tenantId) : {};
  return {
    set: Object.keys(member),
    remove: now ? [] : Object.keys(keys.birthdaySlotMember('', 0, scope.tenantId)),
    values: member,
    steps: same ? [] : [...(was ? [slotCount(was, -1)] : []), ...(now ? [slotCount(now, 1)] : [])],
  };
};

/**
 * Replaces the tenant's settings (and profile fields) if it is still at the version read (412
 * otherwise). The birthday slot registry is global, so the write runs with the function's own
 * credentials when the slot moves.
 */
export const saveTenant = async (scope: TenantScope, change: { before: Tenant; after: Tenant }, audit: TransactionStep): Promise<void> => {
  const { before, after } = change;
  const slot = slotChange(scope, before, after);
  const fields: Record<string, unknown> = {
    settings: after.settings,
    name: after.name,
    timezone: after.timezone,
    locale: after.locale,
    version: before.version + 1,
    updatedAt: after.updatedAt,
    ...slot.values,
  };
  const names = Object.keys(fields);
  await transactWrite(slot.steps.length > 0 ? 'global' : scope, [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.tenant(scope),
          // Every name a placeholder: `name`, `timezone` and `locale` are DynamoDB reserved words.
          UpdateExpression: `SET ${names.map((_, at) => `#f${at} = :f${at}`).join(', ')}${slot.remove.length > 0 ? ` REMOVE ${slot.remove.join(', ')}` : ''}`,
          ConditionExpression: '#version = :expected AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version', ...Object.fromEntries(names.map((name, at) => [`#f${at}`, name])) },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name, at) => [`:f${at}`, fields[name]])),
            ':expected': before.version,
            ':active': 'active',
          },
        },
      },
      onConditionFailed: () => new DossierError('precondition-failed'),
    },
    ...slot.steps,
    audit,
  ]);
};

/** The (zone, send hour) slots some tenant's birthday offer is in: one Query of a small partition. */
export const birthdaySlots = (page: PageRequest): Promise<Page<{ timeZone: string; sendHour: number; tenants: number }>> =>
  queryPage(undefined, { partition: keys.birthdaySlots, page }, (item) => ({ timeZone: String(item.timeZone), sendHour: Number(item.sendHour), tenants: Number(item.tenants ?? 0) }));

/** The ids of the tenants in one birthday send slot (GSI3). */
export const tenantsInBirthdaySlot = (slot: { timeZone: string; sendHour: number }, page: PageRequest): Promise<Page<string>> =>
  queryPage(undefined, { index: 'GSI3', partition: keys.birthdaySlotTenants(slot.timeZone, slot.sendHour), page }, (item) => String(item.id));

/**
 * The first step of closing a tenant, in one transaction: the tenant becomes `closing` (from then
 * every session, API key and sign-in of it is refused), moves from the active registry to the
 * closing one (so the daily jobs stop serving it and `close-tenants` finds it), leaves its birthday
 * send slot, and its slug is freed. Everything after this is idempotent and may be done again.
 */
export const markTenantClosing = async (scope: TenantScope, tenant: Tenant, when: { now: string; purgeAfter: string }, audit: TransactionStep): Promise<void> => {
  const slot = slotOf(tenant);
  const registry = keys.closingTenantRegistryEntry(scope.tenantId);
  const registryNames = Object.keys(registry);
  const slotEntries = slot ? Object.keys(keys.birthdaySlotMember('', 0, scope.tenantId)) : [];
  // The slug is a global item: this runs with the function's own credentials.
  await transactWrite('global', [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.tenant(scope),
          UpdateExpression: `SET #status = :closing, closingSince = :now, purgeAfter = :purgeAfter, ${registryNames.map((name, at) => `${name} = :r${at}`).join(', ')}${
            slotEntries.length > 0 ? ` REMOVE ${slotEntries.join(', ')}` : ''
          }`,
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':closing': 'closing',
            ':active': 'active',
            ':now': when.now,
            ':purgeAfter': when.purgeAfter,
            ...Object.fromEntries(registryNames.map((name, at) => [`:r${at}`, registry[name]])),
          },
        },
      },
      onConditionFailed: () => new DossierError('not-found', { detail: 'Tenant not found' }),
    },
    deleteItem(keys.slug(tenant.slug)),
    ...(slot ? [slotCount(slot, -1)] : []),
    audit,
  ]);
};

/**
 * Whether the tenant is active, read afresh (not from a cache): authentication asks on every
 * request, so a tenant being closed is refused at once by every warm function.
 */
export const tenantIsActive = async (scope: TenantScope): Promise<boolean> => (await readItem(scope, keys.tenant(scope)))?.status === 'active';

/**
 * Active tenants that have no usage key (they signed up before per-tenant throttling), with their
 * plan, from a page of the active-tenant registry: a page may hold none of them and still go on.
 */
export const listTenantsWithoutUsageKey = async (page: PageRequest): Promise<Page<Pick<Tenant, 'id' | 'plan'>>> => {
  const found = await queryPage(undefined, { index: 'GSI2', partition: keys.tenantRegistry, page }, (item) => (item.usageKeyId ? undefined : { id: String(item.id), plan: item.plan as Tenant['plan'] }));
  return { items: found.items.filter((tenant) => tenant !== undefined), lastKey: found.lastKey };
};

/**
 * Keeps the id of a tenant's usage key on its active item, unless it has one already; answers the
 * id the item keeps (none for a tenant no longer active).
 */
export const recordUsageKey = async (scope: TenantScope, usageKeyId: string): Promise<string | undefined> => {
  try {
    await documentClient(scope).send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.tenant(scope),
        UpdateExpression: 'SET usageKeyId = :id',
        ConditionExpression: '#status = :active AND attribute_not_exists(usageKeyId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':id': usageKeyId, ':active': 'active' },
      }),
    );
    return usageKeyId;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    const item = await readItem(scope, keys.tenant(scope), { consistent: true });
    return item?.status === 'active' ? (item.usageKeyId as string | undefined) : undefined;
  }
};

/** An active tenant's plan and the id of its usage key (undefined: no such active tenant). */
export const getTenantUsage = async (scope: TenantScope): Promise<{ plan: Plan; usageKeyId: string | undefined } | undefined> => {
  const item = await readItem(scope, keys.tenant(scope), { consistent: true });
  return item?.status === 'active' ? { plan: item.plan as Plan, usageKeyId: item.usageKeyId as string | undefined } : undefined;
};

/** Sets the tenant's plan if it is still active and on `from` (a concurrent change: 409), with its audit entry. */
export const saveTenantPlan = async (scope: TenantScope, change: { from: Plan; to: Plan; now: string }, audit: TransactionStep): Promise<void> => {
  await transactWrite(scope, [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.tenant(scope),
          UpdateExpression: 'SET #plan = :to, #version = #version + :one, updatedAt = :now',
          ConditionExpression: '#status = :active AND #plan = :from',
          ExpressionAttributeNames: { '#status': 'status', '#plan': 'plan', '#version': 'version' },
          ExpressionAttributeValues: { ':to': change.to, ':from': change.from, ':active': 'active', ':one': 1, ':now': change.now },
        },
      },
      onConditionFailed: () => new DossierError('conflict', { detail: `The tenant is no longer active on the ${change.from} plan` }),
    },
    audit,
  ]);
};

/** Active tenants, a page at a time: the registry scheduled jobs walk (never a Scan). */
export const listActiveTenants = (page: PageRequest): Promise<Page<Tenant>> =>
  queryPage(undefined, { index: 'GSI2', partition: keys.tenantRegistry, page }, toTenant);
