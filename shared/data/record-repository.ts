import { DossierError } from '#shared/domain/errors';
import type { CrossList, UniqueKey } from '#shared/domain/records/record-kind';
import { recordKinds, type CustomerRecord, type RecordKindName, type RecordOf } from '#shared/domain/records/record-kinds';
import { ulidBoundary } from '#shared/runtime/ids';
import { readItem, tableName } from './client.ts';
import { dropDueEntry, dueEntry, dueItems, type DueQueue } from './due-work.ts';
import { collectionItems, keyOf } from './item-collections.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryAll, queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { deleteItem, putIfNew, replaceAtVersion, type TransactionStep } from './transactions.ts';

/**
 * Records of every kind, in their customer's item collection: `<PREFIX>#<ulid>` so a kind lists
 * newest first with one Query, plus the timeline (GSI1) and the lists across customers the kind
 * declares (GSI2, GSI3). Guards for unique values are written in the same transaction.
 */

const itemOf = <K extends RecordKindName>(scope: TenantScope, record: RecordOf<K>) => {
  const kind = recordKinds[record.kind];
  const due = kind.due?.(record);
  return {
    ...keys.record(scope, record.customerId, kind.prefix, record.id),
    entity: 'record',
    ...record,
    ...keys.recordIndexEntries(scope, kind, record),
    // Due work (a follow-up to remind, a message to send) waits in its queue's time buckets.
    ...(due ? { tenantId: scope.tenantId, ...dueEntry(due.queue, { owner: scope.tenantId, id: `${record.customerId}#${record.id}`, dueAt: due.at }) } : {}),
  };
};

const indexAttributes = new Set(['PK', 'SK', 'entity', 'tenantId', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI5PK', 'GSI5SK']);

/** A record of its kind as read today (a kind may fill in fields older records lack). */
const upgraded = <K extends RecordKindName>(record: RecordOf<K>): RecordOf<K> => recordKinds[record.kind].upgrade?.(record) ?? record;

/** A stored record without its keys. The item was written by `itemOf` from a record of its kind. */
const recordOf = (item: Item): CustomerRecord =>
  upgraded(Object.fromEntries(Object.entries(item).filter(([name]) => !indexAttributes.has(name))) as CustomerRecord);

/** Narrows a stored record to a kind (a type guard, so callers need no cast). */
export const isRecordOf = <K extends RecordKindName>(record: CustomerRecord, kind: K): record is RecordOf<K> => record.kind === kind;

const uniqueKeyOf = (scope: TenantScope, customerId: string, unique: UniqueKey): ItemKey =>
  unique.scope === 'tenant'
    ? keys.recordUniqueInTenant(scope, unique.name, unique.value)
    : keys.recordUniqueInCustomer(scope, customerId, unique.name, unique.value);

const uniqueKeysOf = <K extends RecordKindName>(record: RecordOf<K>): UniqueKey[] => recordKinds[record.kind].uniqueKeys?.(record) ?? [];

/** The tenant-wide guards a record holds (outside its customer's collection), for erasure. */
export const tenantGuardKeysOf = <K extends RecordKindName>(scope: TenantScope, record: RecordOf<K>): ItemKey[] =>
  uniqueKeysOf(record)
    .filter((unique) => unique.scope === 'tenant')
    .map((unique) => uniqueKeyOf(scope, record.customerId, unique));

const guardItem = (scope: TenantScope, customerId: string, recordId: string, unique: UniqueKey) => ({
  ...uniqueKeyOf(scope, customerId, unique),
  entity: 'record-unique',
  customerId,
  recordId,
});

export const putRecordSteps = <K extends RecordKindName>(scope: TenantScope, record: RecordOf<K>): TransactionStep[] => [
  putIfNew(itemOf(scope, record)),
  ...uniqueKeysOf(record).map((unique) =>
    putIfNew(
      guardItem(scope, record.customerId, record.id, unique),
      () =>
        new DossierError('duplicate', {
          detail: `A ${recordKinds[record.kind].singular} with this ${unique.field} already exists`,
          errors: [{ path: unique.field, message: 'Already used' }],
          extensions: { field: unique.field },
        }),
    ),
  ),
];

/** Replaces a record if it is still at `before`'s version (412 otherwise). */
export const saveRecordStep = <K extends RecordKindName>(scope: TenantScope, before: RecordOf<K>, after: RecordOf<K>): TransactionStep =>
  replaceAtVersion(itemOf(scope, after), before.version, () => new DossierError('precondition-failed'));

export const getRecord = async <K extends RecordKindName>(
  scope: TenantScope,
  kind: K,
  where: { customerId: string; recordId: string },
  consistent = false,
): Promise<RecordOf<K> | undefined> => {
  const item = await readItem(scope, keys.record(scope, where.customerId, recordKinds[kind].prefix, where.recordId), { consistent });
  const record = item ? recordOf(item) : undefined;
  return record && isRecordOf(record, kind) ? record : undefined;
};

/**
 * The points a purchase earned, from its ledger entry, for purchases recorded before they kept
 * `pointsEarned`. The entry's id is a ULID of the purchase's time (of the moment it was recorded,
 * when that was within a second of it), so one Query of a two-second range of the ledger finds it.
 */
export const pointsEarnedFromLedger = async (scope: TenantScope, purchase: { id: string; customerId: string; at: string }): Promise<number> => {
  const at = Date.parse(purchase.at);
  const prefix = keys.recordPrefix(recordKinds.points.prefix);
  let earned = 0;
  for await (const item of queryAll(scope, {
    partition: keys.customerCollection(scope, purchase.customerId),
    range: { between: [`${prefix}${ulidBoundary(at - 1000, 'first')}`, `${prefix}${ulidBoundary(at + 1000, 'last')}`] },
    filters: [{ path: ['sourceId'], equals: purchase.id }],
    consistent: true,
  })) {
    const record = recordOf(item);
    if (isRecordOf(record, 'points') && record.delta > 0) earned += record.delta;
  }
  return earned;
};

/** One kind of a customer's records, newest first: one Query on the item collection. */
export const listRecords = (scope: TenantScope, where: { kind: RecordKindName; customerId: string }, page: PageRequest): Promise<Page<CustomerRecord>> =>
  queryPage(
    scope,
    {
      partition: keys.customerCollection(scope, where.customerId),
      range: { beginsWith: keys.recordPrefix(recordKinds[where.kind].prefix) },
      newestFirst: true,
      page,
    },
    recordOf,
  );

/** Every record of a customer, newest first by when it happened: one Query on GSI1. */
export const listTimeline = (scope: TenantScope, customerId: string, page: PageRequest): Promise<Page<CustomerRecord>> =>
  queryPage(scope, { index: 'GSI1', partition: keys.timeline(scope, customerId), newestFirst: true, page }, recordOf);

/**
 * A customer's records oldest first from `startKey`, for as long as `take` accepts them (a byte
 * budget): the key to go on from is that of the last record taken, or none when all were.
 */
export const timelineOldestFirst = async (
  scope: TenantScope,
  customerId: string,
  startKey: PageRequest['startKey'],
  take: (record: CustomerRecord) => boolean,
): Promise<Page<CustomerRecord>> => {
  const taken: CustomerRecord[] = [];
  const keyOfEntry = (item: Item) => ({ PK: item.PK, SK: item.SK, GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK });
  let lastTaken: PageRequest['startKey'];
  let from = startKey;
  for (;;) {
    const page = await queryPage(scope, { index: 'GSI1', partition: keys.timeline(scope, customerId), page: { limit: 200, startKey: from } }, (item) => item);
    for (const item of page.items) {
      const record = recordOf(item);
      // The first record is taken whatever its size, so every page moves on.
      if (taken.length > 0 && !take(record)) return { items: taken, lastKey: lastTaken };
      if (taken.length === 0) take(record);
      taken.push(record);
      lastTaken = keyOfEntry(item);
    }
    if (!page.lastKey) return { items: taken, lastKey: undefined };
    from = page.lastKey;
  }
};

export interface CrossListQuery<R> {
  list: CrossList<R>;
  /** The values of the list's partition facets (`{ status: 'open' }`). */
  partition: { [F in keyof R & string]?: string };
  /** Only entries whose sort key is before this (e.g. due before an instant). */
  before?: string | undefined;
  /** Equality filters on record attributes (a page may then hold fewer than `limit`). */
  where?: Record<string, string> | undefined;
  newestFirst?: boolean;
}

/** A page of a list across customers (open complaints, follow-ups by due time, pending payments). */
/** A list's partition holds only records of the kind that declares the list, so its items are `R`s. */
export const listAcrossCustomers = <R extends CustomerRecord>(scope: TenantScope, query: CrossListQuery<R>, page: PageRequest): Promise<Page<R>> =>
  queryPage(
    scope,
    {
      index: query.list.index,
      partition: keys.crossListPartition(scope, query.list, query.partition),
      range: query.before ? { before: query.before } : undefined,
      filters: Object.entries(query.where ?? {}).map(([attribute, value]) => ({ path: [attribute], equals: value })),
      newestFirst: query.newestFirst,
      page,
    },
    (item) => recordOf(item) as R,
  );

/** The record a tenant-wide unique value (a coupon code, an order id) belongs to. */
export const findRecordByUnique = async (
  scope: TenantScope,
  unique: { name: string; value: string },
): Promise<{ customerId: string; recordId: string } | undefined> => {
  const item = await readItem(scope, keys.recordUniqueInTenant(scope, unique.name, unique.value), { consistent: true });
  return item ? { customerId: String(item.customerId), recordId: String(item.recordId) } : undefined;
};

/**
 * Everything in a customer's item collection except the profile, read strongly consistently from
 * the table itself (not an index): the records, the customer-scoped guards, and the keys of
 * all of them.
 */
export const collectionContents = async (
  scope: TenantScope,
  customerId: string,
): Promise<{ records: CustomerRecord[]; guards: ItemKey[]; itemKeys: ItemKey[] }> => {
  const records: CustomerRecord[] = [];
  const guards: ItemKey[] = [];
  const itemKeys: ItemKey[] = [];
  for await (const item of collectionItems(scope, keys.customerCollection(scope, customerId))) {
    if (item.entity !== 'customer') itemKeys.push(keyOf(item));
    if (item.entity === 'record') records.push(recordOf(item));
    else if (item.entity === 'record-unique') guards.push(keyOf(item));
  }
  return { records, guards, itemKeys };
};

/**
 * Moves a record to another customer of the tenant: written under the target's collection and
 * timeline, deleted from the source's, its tenant-wide guards (a coupon code) re-pointed and its
 * customer-scoped guards moved.
 */
export const moveRecordSteps = <K extends RecordKindName>(scope: TenantScope, record: RecordOf<K>, targetId: string): TransactionStep[] => {
  const moved: RecordOf<K> = { ...record, customerId: targetId };
  return [
    putIfNew(itemOf(scope, moved)),
    deleteItem(keys.record(scope, record.customerId, recordKinds[record.kind].prefix, record.id)),
    ...uniqueKeysOf(record).flatMap((unique): TransactionStep[] =>
      unique.scope === 'tenant'
        ? [
            {
              item: {
                Update: {
                  TableName: tableName(),
                  Key: uniqueKeyOf(scope, record.customerId, unique),
                  UpdateExpression: 'SET customerId = :target',
                  ExpressionAttributeValues: { ':target': targetId },
                },
              },
            },
          ]
        : [deleteItem(uniqueKeyOf(scope, record.customerId, unique)), { item: { Put: { TableName: tableName(), Item: guardItem(scope, targetId, record.id, unique) } } }],
    ),
  ];
};

/** Whether the target already holds a customer-scoped unique value (both joined one campaign). */
export const uniqueTakenBy = <K extends RecordKindName>(scope: TenantScope, record: RecordOf<K>, targetGuards: ItemKey[]): boolean =>
  uniqueKeysOf(record).some(
    (unique) =>
      unique.scope === 'customer' &&
      targetGuards.some((guard) => guard.SK === keys.recordUniqueInCustomer(scope, record.customerId, unique.name, unique.value).SK),
  );

/**
 * A guard that lets a record be written once per customer and occasion (this year's birthday
 * coupon, the follow-up a care rule makes for one event): a second write of the same occasion
 * fails its condition, however often the job reruns or the event arrives.
 */
export const occasionGuardStep = (scope: TenantScope, customerId: string, occasion: string): TransactionStep =>
  putIfNew(
    { ...keys.recordUniqueInCustomer(scope, customerId, 'occasion', occasion), entity: 'record-unique', customerId },
    () => new DossierError('duplicate', { detail: 'This was already done for this customer', extensions: { field: 'occasion' } }),
  );

/** Records of every tenant that are due work in `queue` at `now` (follow-ups to remind, messages to send). */
export async function* dueRecords(queue: DueQueue, now: Date): AsyncGenerator<{ tenantId: string; record: CustomerRecord }> {
  for await (const item of dueItems(queue, now)) yield { tenantId: String(item.tenantId), record: recordOf(item) };
}

/** Takes a record out of its due-work queue unhandled (its tenant is closing: nothing is sent or reminded). */
export const dropDueRecord = (scope: TenantScope, record: CustomerRecord): Promise<void> =>
  dropDueEntry(scope, keys.record(scope, record.customerId, recordKinds[record.kind].prefix, record.id));
