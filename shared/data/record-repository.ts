import { DossierError } from '#shared/domain/errors';
import type { CrossList, UniqueKey } from '#shared/domain/records/record-kind';
import { carriers, recordKinds, withCompanions, type CustomerRecord, type RecordKindName, type RecordOf } from '#shared/domain/records/record-kinds';
import { ulidBoundary } from '#shared/runtime/ids';
import { readItem, tableName } from './client.ts';
import { dropDueEntry, dueEntry, dueItems, type DueQueue } from './due-work.ts';
import { collectionItems, keyOf } from './item-collections.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryAll, queryPage, type Item, type Page, type PageRequest, type StartKey } from './pagination.ts';
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
  const found = item ? recordOf(item) : await carriedRecord(scope, kind, where, consistent);
  return found && isRecordOf(found, kind) ? found : undefined;
};

/** A record another's item carries (a purchase's points entry): the carrier has the same ULID. */
const carriedRecord = async (scope: TenantScope, kind: RecordKindName, where: { customerId: string; recordId: string }, consistent: boolean): Promise<CustomerRecord | undefined> => {
  const carrier = carriers[kind];
  if (!carrier) return undefined;
  const item = await readItem(scope, keys.record(scope, where.customerId, recordKinds[carrier.kind].prefix, where.recordId), { consistent });
  return item ? withCompanions(recordOf(item)).find((record) => record.id === where.recordId) : undefined;
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

/** One kind of a customer's records, newest first: one Query on the item collection (two for a carried kind). */
export const listRecords = (scope: TenantScope, where: { kind: RecordKindName; customerId: string }, page: PageRequest): Promise<Page<CustomerRecord>> =>
  carriers[where.kind] ? listWithCarried(scope, where, page) : queryPage(scope, kindQuery(scope, where, page), recordOf);

const kindQuery = (scope: TenantScope, where: { kind: RecordKindName; customerId: string }, page: PageRequest) => ({
  partition: keys.customerCollection(scope, where.customerId),
  range: { beginsWith: keys.recordPrefix(recordKinds[where.kind].prefix) },
  newestFirst: true,
  page,
});

/** Where each of the two Queries of a carried kind's list goes on from ('end' once it is read to the end). */
type Position = StartKey | 'end' | undefined;

/** The ULID of a record's sort key (`<PREFIX>#<ulid>`), which orders every kind alike. */
const ulidOfSortKey = (key: StartKey | Item): string => String(key.SK).slice(String(key.SK).indexOf('#') + 1);

/**
 * A kind some records are carried by (the points ledger: its own entries, and the purchases that
 * carry what they earned), newest first: a Query of each, merged by ULID. An entry is taken only
 * when no unread one of the other Query can be newer (that Query's last key is not newer than it),
 * so a page may hold fewer than `limit`; the cursor keeps each Query's place.
 */
const listWithCarried = async (scope: TenantScope, where: { kind: RecordKindName; customerId: string }, page: PageRequest): Promise<Page<CustomerRecord>> => {
  const carrier = carriers[where.kind]!;
  const from = (page.startKey ?? {}) as { own?: Position; carried?: Position };
  const read = (position: Position, kind: RecordKindName, filters: { path: string[]; exists: true }[] = []): Promise<Page<Item>> =>
    position === 'end'
      ? Promise.resolve({ items: [] })
      : queryPage(scope, { ...kindQuery(scope, { kind, customerId: where.customerId }, { limit: page.limit, startKey: position }), filters }, (item) => item);
  const [own, carried] = await Promise.all([read(from.own, where.kind), read(from.carried, carrier.kind, [{ path: [carrier.marker], exists: true }])]);
  const floor = [own.lastKey, carried.lastKey].reduce<string>((highest, key) => (key && ulidOfSortKey(key) > highest ? ulidOfSortKey(key) : highest), '');
  const candidates = [
    ...own.items.map((item) => ({ item, from: own, record: recordOf(item) })),
    ...carried.items.flatMap((item) => withCompanions(recordOf(item)).filter((record) => record.kind === where.kind).map((record) => ({ item, from: carried, record }))),
  ].sort((a, b) => ulidOfSortKey(b.item).localeCompare(ulidOfSortKey(a.item)));
  const taken = candidates.filter((candidate) => ulidOfSortKey(candidate.item) >= floor).slice(0, page.limit);
  const next = (read: Page<Item>, position: Position): Position => {
    if (position === 'end') return 'end';
    const mine = taken.filter((candidate) => candidate.from === read);
    if (mine.length === read.items.length) return read.lastKey ?? 'end';
    return mine.length > 0 ? keyOf(mine[mine.length - 1]!.item) : position;
  };
  const positions = { own: next(own, from.own), carried: next(carried, from.carried) };
  return { items: taken.map((candidate) => candidate.record), lastKey: positions.own === 'end' && positions.carried === 'end' ? undefined : positions };
};

/** The key of a record's timeline entry (GSI1), as a Query's last key names it. */
const timelineKeyOf = (item: Item): StartKey => ({ PK: item.PK, SK: item.SK, GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK });

/**
 * Every record of a customer, newest first by when it happened: one Query on GSI1, each item with
 * the records it carries (a purchase, then its points entry). A page that ends inside an item's
 * records names how many of them it showed (`shown`), and the next page starts with the rest.
 */
export const listTimeline = async (scope: TenantScope, customerId: string, page: PageRequest): Promise<Page<CustomerRecord>> => {
  const { shown, ...startKey } = (page.startKey ?? {}) as StartKey & { shown?: number };
  const items: CustomerRecord[] = [];
  if (shown !== undefined) {
    const carrier = await readItem(scope, keyOf(startKey));
    const rest = carrier ? withCompanions(recordOf(carrier)).slice(shown) : [];
    items.push(...rest.slice(0, page.limit));
    if (rest.length > page.limit) return { items, lastKey: { ...startKey, shown: shown + page.limit } };
  }
  if (items.length >= page.limit) return { items, lastKey: startKey };
  const read = await queryPage(
    scope,
    { index: 'GSI1', partition: keys.timeline(scope, customerId), newestFirst: true, page: { limit: page.limit - items.length, startKey: page.startKey ? startKey : undefined } },
    (item) => item,
  );
  for (const item of read.items) {
    const records = withCompanions(recordOf(item));
    const room = page.limit - items.length;
    items.push(...records.slice(0, room));
    if (room < records.length) return { items, lastKey: { ...timelineKeyOf(item), shown: room } };
  }
  return { items, lastKey: read.lastKey };
};

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
  let lastTaken: PageRequest['startKey'];
  let from = startKey;
  for (;;) {
    const page = await queryPage(scope, { index: 'GSI1', partition: keys.timeline(scope, customerId), page: { limit: 200, startKey: from } }, (item) => item);
    for (const item of page.items) {
      // An item's records (a purchase and its points entry) are taken together; the first item
      // whatever its size, so every page moves on.
      const records = withCompanions(recordOf(item));
      const fits = records.map(take).every(Boolean);
      if (taken.length > 0 && !fits) return { items: taken, lastKey: lastTaken };
      taken.push(...records);
      lastTaken = timelineKeyOf(item);
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
