import { readItem } from './client.ts';
import { closingCustomers, uniqueGuards, type CustomerLookups } from './customer-repository.ts';
import { deleteItemCollection, deleteKeys, keyOf } from './item-collections.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.ts';
import { collectionContents, tenantGuardKeysOf } from './record-repository.ts';
import { reportPartitionsOf } from './report-repository.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * Where a closing tenant's items are, found without a Scan (docs/data-model.md, "Closing a
 * tenant"): every partition the tenant owns is either one of its fixed partitions or is named by
 * an item in one of them — a customer's collection by its profile in the customer listing (CustomersByCreated)
 * or by the closing ledger, a guard by the profile or record that holds it, an endpoint's
 * deliveries by the endpoint, a user's notifications by the user. Items with a TTL (idempotency
 * answers, rate windows) expire by themselves and are not looked for; published outbox items are
 * deleted when published.
 */

/** One page of the ids of the tenant's customers (CustomersByCreated `T#<tid>#CUSTOMERS`). */
export const customerIdsOfTenant = (scope: TenantScope, page: PageRequest): Promise<Page<string>> =>
  queryPage(scope, { index: 'CustomersByCreated', partition: keys.customerListing(scope), page }, (item) => String(item.id));

/** The ids of the customers being erased or merged away, left out of the listings. */
export const closingCustomerIdsOfTenant = async (scope: TenantScope): Promise<string[]> => [...(await closingCustomers(scope)).keys()];

/**
 * Deletes one customer's whole archive: the tenant-wide guards its records hold (coupon codes,
 * order ids), its unique-value guards (phone, email, external ids), its records, then its profile
 * and its closing-ledger entry, last, so a stop half-way leaves it findable. Doing it twice is
 * harmless.
 */
export const purgeCustomerFile = async (scope: TenantScope, customerId: string): Promise<void> => {
  const profile = await readItem(scope, keys.customer(scope, customerId), { consistent: true });
  const contents = await collectionContents(scope, customerId);
  const lookups = (profile?.lookups ?? {}) as CustomerLookups;
  await deleteKeys(scope, [
    ...contents.records.flatMap((record) => tenantGuardKeysOf(scope, record)),
    ...uniqueGuards(lookups).map((guard) => keys.uniqueValue(scope, guard.kind, guard.blindIndex)),
  ]);
  await deleteKeys(scope, contents.itemKeys);
  await deleteKeys(scope, [keys.customer(scope, customerId), keys.closingEntry(scope, customerId)]);
};

/** Every endpoint's deliveries, then the endpoints. */
export const purgeWebhooks = async (scope: TenantScope): Promise<void> => {
  for await (const endpoint of queryAll(scope, { partition: keys.webhooksPartition(scope), range: { beginsWith: keys.webhookPrefix }, consistent: true })) {
    await deleteItemCollection(scope, keys.deliveriesPartition(scope, String(endpoint.id)));
  }
  await deleteItemCollection(scope, keys.webhooksPartition(scope));
};

/** Every staff user's notifications, then the users and their email guards: nobody can sign in. */
export const purgeStaff = async (scope: TenantScope): Promise<void> => {
  for await (const user of queryAll(scope, { partition: keys.usersPartition(scope), range: { beginsWith: keys.userPrefix }, consistent: true })) {
    await deleteItemCollection(scope, keys.notificationsPartition(scope, String(user.id)));
  }
  await deleteItemCollection(scope, keys.usersPartition(scope));
};

/** Every API key: none works any more. */
export const purgeApiKeys = (scope: TenantScope): Promise<void> => deleteItemCollection(scope, keys.apiKeysPartition(scope));

/**
 * The tenant's partitions that name no other partition, emptied in this order by the purge: with
 * the segments and the report sums (no TTL; imports, export jobs and roll-up markers expire).
 */
export const plainPartitionsOf = (scope: TenantScope): string[] => [
  keys.closingLedger(scope),
  keys.campaignsPartition(scope),
  keys.segmentsPartition(scope),
  ...reportPartitionsOf(scope),
  keys.auditPartition(scope),
  // Changes whose events the bus still refused after 30 days of sweeping: nobody is left to tell.
  keys.outboxPartition(scope),
];

/**
 * Deletes up to `limit` items from the start of a partition; answers how many it deleted. The
 * partition is read strongly consistent from its start each time, so no cursor is needed: what
 * was deleted is not read again.
 */
export const deletePartitionChunk = async (scope: TenantScope, partition: string, limit: number): Promise<number> => {
  const page = await queryPage(scope, { partition, consistent: true, keysOnly: true, page: { limit } }, keyOf);
  await deleteKeys(scope, page.items as ItemKey[]);
  return page.items.length;
};
