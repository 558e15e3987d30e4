import { emptyTallies, type Tallies } from '#shared/domain/customer-figures';
import { cardOf, nameKey, type CustomerFile } from '#shared/domain/customer-file';
import { DossierError } from '#shared/domain/errors';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage } from './pagination.ts';
import { keyAttributes } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, type TransactionStep } from './transactions.ts';

/**
 * Customer profiles: the item's shape, its guards, and reads by id or unique value. The profile
 * item carries its entries in the customer listings (customer-listings.ts): by name, by birthday
 * month-day (blind index; sparse), by creation, by last purchase, by total spend — and its card,
 * the part of it those listings copy. Uniqueness guards are items keyed by blind index. Writes
 * are the transaction steps of customer-steps.ts.
 */

/** Blind indexes of a customer's unique values and birthday, kept to find its guard items again. */
export interface CustomerLookups {
  phone?: string;
  email?: string;
  birthdayMd?: string;
  externalIds?: Record<string, string>;
  /** Blind indexes of the contacts' phones and emails, by path (`contacts.0.phone`). */
  contacts?: Record<string, string>;
}

export interface StoredCustomer {
  file: CustomerFile;
  lookups: CustomerLookups;
}

/**
 * A customer on its way out: being erased (the profile is then a tombstone: an id and this, no
 * data) or merged into another (`into`). From the moment it is marked, the customer reads as not
 * found and every write to it is refused, until the closing finishes and the item goes.
 */
export interface Closing {
  reason: 'erase' | 'merge';
  into?: string | undefined;
  since: string;
}

export interface UniqueGuard {
  kind: string;
  field: string;
  blindIndex: string;
}

/** Which field each kind of guard protects, for the 409's field error. */
export const uniqueGuards = (lookups: CustomerLookups): UniqueGuard[] => [
  ...(lookups.phone ? [{ kind: 'phone', field: 'phone', blindIndex: lookups.phone }] : []),
  ...(lookups.email ? [{ kind: 'email', field: 'email', blindIndex: lookups.email }] : []),
  ...Object.entries(lookups.externalIds ?? {}).map(([system, blindIndex]) => ({ kind: `ext:${system}`, field: `externalIds.${system}`, blindIndex })),
];

/** The listing entries; recomputed on every profile write so the indexes never drift. */
export const listingEntries = (scope: TenantScope, file: CustomerFile, lookups: CustomerLookups) =>
  keys.customerListingEntries(scope, {
    id: file.id,
    nameKey: nameKey(file.plain.name),
    birthdayBlindIndex: lookups.birthdayMd,
    lastPurchaseAt: file.stats.lastPurchaseAt,
    totalSpend: file.stats.totalSpend.amount,
  });

/**
 * The staff users holding an open follow-up for the customer, as a set (user id → true): the
 * listings copy it beside the card, so `visibility: own` filters a list page without reading
 * profiles, and it changes only when someone's first follow-up opens or last one closes.
 */
export const followersOf = (tallies: Pick<Tallies, 'openFollowupsBy'>): Record<string, true> =>
  Object.fromEntries(Object.entries(tallies.openFollowupsBy ?? {}).filter(([, count]) => count > 0).map(([userId]) => [userId, true as const]));

export const itemOf = (scope: TenantScope, stored: StoredCustomer) => ({
  ...keys.customer(scope, stored.file.id),
  entity: 'customer',
  ...stored.file,
  lookups: stored.lookups,
  card: cardOf(stored.file),
  followers: followersOf(stored.file.tallies),
  ...listingEntries(scope, stored.file, stored.lookups),
});

/** What the item holds besides the file (`id` is both: the file's, and a listing's sort key). */
const itemAttributes = new Set([...keyAttributes().filter((name) => name !== 'id'), 'entity', 'lookups', 'closing', 'card', 'followers']);

/** The profile an item holds. The item was written by `itemOf` from a `StoredCustomer`. */
export const storedCustomerOf = (item: Record<string, unknown>): StoredCustomer => {
  const file = Object.fromEntries(Object.entries(item).filter(([name]) => !itemAttributes.has(name))) as unknown as CustomerFile;
  // Profiles written before tallies existed read as empty ones.
  return { file: { ...file, sealed: file.sealed ?? {}, masked: file.masked ?? {}, tallies: file.tallies ?? emptyTallies() }, lookups: (item.lookups ?? {}) as CustomerLookups };
};

export const guardPut = (scope: TenantScope, customerId: string, guard: UniqueGuard): TransactionStep =>
  putIfNew(
    { ...keys.uniqueValue(scope, guard.kind, guard.blindIndex), entity: 'unique', customerId },
    () =>
      new DossierError('duplicate', {
        detail: `This ${guard.field} already belongs to another customer`,
        errors: [{ path: guard.field, message: 'Already belongs to another customer' }],
        extensions: { field: guard.field },
      }),
  );

export const guardDelete = (scope: TenantScope, customerId: string, guard: UniqueGuard): TransactionStep => ({
  item: {
    Delete: {
      TableName: tableName(),
      Key: keys.uniqueValue(scope, guard.kind, guard.blindIndex),
      ConditionExpression: 'customerId = :id',
      ExpressionAttributeValues: { ':id': customerId },
    },
  },
});

/** A customer that exists and is not being closed (erased or merged away). */
export const getCustomer = async (scope: TenantScope, customerId: string, consistent = false): Promise<StoredCustomer | undefined> => {
  const item = await readItem(scope, keys.customer(scope, customerId), { consistent });
  return item && !item.closing ? storedCustomerOf(item) : undefined;
};

/**
 * A profile item whatever its state, for the closing steps: live (`closing` undefined), being
 * merged away (`stored` holds its data), or an erasure's tombstone (no `stored`: nothing is left).
 */
export const getProfileState = async (
  scope: TenantScope,
  customerId: string,
): Promise<{ stored?: StoredCustomer; closing?: Closing; version: number } | undefined> => {
  const item = await readItem(scope, keys.customer(scope, customerId), { consistent: true });
  if (!item) return undefined;
  const closing = item.closing as Closing | undefined;
  return {
    ...(closing?.reason === 'erase' ? {} : { stored: storedCustomerOf(item) }),
    ...(closing ? { closing } : {}),
    version: Number(item.version),
  };
};

/** The tenant's customers being closed, by id (one Query of a partition that is usually empty). */
export const closingCustomers = async (scope: TenantScope): Promise<Map<string, Closing>> => {
  const page = await queryPage(scope, { partition: keys.closingLedger(scope), page: { limit: 1000 } }, (item) => [String(item.SK), { reason: item.reason, into: item.into, since: item.since } as Closing] as const);
  return new Map(page.items);
};

/** The customer holding a unique value, found through its guard item (the keyed-hash index). */
export const findCustomerIdByUnique = async (scope: TenantScope, guard: Pick<UniqueGuard, 'kind' | 'blindIndex'>, consistent = false): Promise<string | undefined> => {
  const item = await readItem(scope, keys.uniqueValue(scope, guard.kind, guard.blindIndex), { consistent });
  return item?.customerId as string | undefined;
};

/** Customers one of whose contacts has this phone or email (by blind index), a handful at most. */
export const findCustomerIdsByContact = async (scope: TenantScope, kind: 'phone' | 'email', blindIndex: string): Promise<string[]> => {
  const page = await queryPage(scope, { index: 'GSI4', partition: keys.contactLookupPartition(scope, kind, blindIndex), page: { limit: 25 } }, (item) => String(item.GSI4SK));
  return [...new Set(page.items)];
};
