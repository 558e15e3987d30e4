import type { CrossList } from '#shared/domain/records/record-kind';
import { isId } from '#shared/domain/values';
import { tableDefinition } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * Every key string of the table and its indexes is composed here, one builder per access pattern
 * (docs/data-model.md lists them). Tenant-owned partition keys start with `T#<tenantId>#`, taken
 * from the scope, never from a path or a body. Lists across customers are composed from the
 * facets their record kinds declare (`CrossList`), as ElectroDB composes index keys.
 */

export interface ItemKey {
  PK: string;
  SK: string;
}

/** Index attributes of an item, by attribute name (`GSI2PK`, `GSI2SK`, `LISTPK`, …). */
export type IndexEntries = Record<string, string>;

const tenantPrefix = (scope: TenantScope): string => `T#${scope.tenantId}#`;

/** The tenant of a tenant-owned partition key (`T#<tenantId>#…`), if it is one. */
export const tenantOfPartition = (partitionKey: unknown): string | undefined => {
  const match = typeof partitionKey === 'string' ? /^T#([^#]+)#/.exec(partitionKey) : null;
  return match?.[1] && isId('tenant', match[1]) ? match[1] : undefined;
};

const ulidOf = (id: string): string => id.slice(id.indexOf('_') + 1);

const indexEntry = (index: keyof typeof tableDefinition.indexes, partition: string, sort: string): IndexEntries => ({
  [tableDefinition.indexes[index].partitionKey]: partition,
  [tableDefinition.indexes[index].sortKey]: sort,
});

/** Facet values joined into one key part; absent facets make no entry (a sparse list). */
const joined = (values: readonly unknown[]): string | undefined =>
  values.every((value) => value !== undefined && value !== null && value !== '') ? values.map(String).join('#') : undefined;

/** Minor units, zero-padded so that string order is numeric order. */
const spendKey = (amount: number): string => String(Math.max(0, Math.trunc(amount))).padStart(16, '0');

/** A counter zero-padded so that string order is numeric order (rows, chunks, parts). */
const ordinal = (value: number): string => String(value).padStart(7, '0');

export const keys = {
  /** The tenant's profile and settings. */
  tenant: (scope: TenantScope): ItemKey => ({ PK: `${tenantPrefix(scope)}TENANT`, SK: 'TENANT' }),
  /** Registry of active tenants (GSI2 of tenant items), read only by scheduled jobs. */
  tenantRegistry: 'TENANTS',
  tenantRegistryEntry: (tenantId: string): IndexEntries => indexEntry('GSI2', keys.tenantRegistry, tenantId),
  /**
   * Registry of closing tenants (GSI2 of tenant items): a tenant moves here from the active registry
   * when it is closed, and leaves it once its items are purged. Read only by `close-tenants`.
   */
  closingTenantRegistry: 'TENANTS#CLOSING',
  closingTenantRegistryEntry: (tenantId: string): IndexEntries => indexEntry('GSI2', keys.closingTenantRegistry, tenantId),
  /** The tenant's wrapped data and index keys (envelope encryption). */
  tenantKeys: (scope: TenantScope): ItemKey => ({ PK: `${tenantPrefix(scope)}TENANT`, SK: 'KEYS' }),

  /** Global slug registry: the guard that makes slugs unique and maps a slug to its tenant at sign-in. */
  slug: (slug: string): ItemKey => ({ PK: `SLUG#${slug}`, SK: 'SLUG' }),

  /** Users share one partition per tenant, so "list users" is one Query. */
  usersPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}USERS`,
  user: (scope: TenantScope, userId: string): ItemKey => ({ PK: keys.usersPartition(scope), SK: `USER#${userId}` }),
  userPrefix: 'USER#',
  /** Guard item that makes a staff email unique in its tenant; holds the user id for sign-in. */
  userEmail: (scope: TenantScope, emailDigest: string): ItemKey => ({ PK: keys.usersPartition(scope), SK: `EMAIL#${emailDigest}` }),

  apiKeysPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}APIKEYS`,
  apiKey: (scope: TenantScope, keyId: string): ItemKey => ({ PK: keys.apiKeysPartition(scope), SK: `KEY#${keyId}` }),
  apiKeyPrefix: 'KEY#',

  /** Audit entries sort by ULID, which sorts by time: a time range is a key range. */
  auditPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}AUDIT`,
  audit: (scope: TenantScope, auditId: string): ItemKey => ({ PK: keys.auditPartition(scope), SK: keys.auditSortKey(ulidOf(auditId)) }),
  auditSortKey: (ulid: string): string => `A#${ulid}`,

  /** Failed sign-ins per (slug, email) digest; global because it is read before a tenant is known. */
  loginThrottle: (subjectDigest: string): ItemKey => ({ PK: `THROTTLE#LOGIN#${subjectDigest}`, SK: 'THROTTLE' }),
  /** A principal's use of a rate-limited action in one fixed window (TTL after it ends). */
  rateWindow: (scope: TenantScope | 'global', subject: string, windowStartMs: number): ItemKey => ({
    PK: scope === 'global' ? `THROTTLE#${subject}` : `${tenantPrefix(scope)}LIMIT#${subject}`,
    SK: `W#${windowStartMs}`,
  }),

  /** A customer's whole archive is one item collection: the profile and every record. */
  customerCollection: (scope: TenantScope, customerId: string): string => `${tenantPrefix(scope)}C#${customerId}`,
  customer: (scope: TenantScope, customerId: string): ItemKey => ({ PK: keys.customerCollection(scope, customerId), SK: 'PROFILE' }),
  /**
   * The tenant's customers being closed (erased, or merged into another): one small partition, read
   * by the lists across customers to leave their records out, and by the daily job to finish a
   * closing nobody finished.
   */
  closingLedger: (scope: TenantScope): string => `${tenantPrefix(scope)}CLOSING`,
  closingEntry: (scope: TenantScope, customerId: string): ItemKey => ({ PK: keys.closingLedger(scope), SK: customerId }),

  /**
   * Guard item that makes a phone, email or external id unique in the tenant, keyed by its blind
   * index (never the value); it holds the customer id, which makes it the look-up index too.
   */
  uniqueValue: (scope: TenantScope, kind: string, blindIndex: string): ItemKey => ({
    PK: `${tenantPrefix(scope)}U#${kind}#${blindIndex}`,
    SK: 'U',
  }),

  /**
   * A contact's phone or email as an exact look-up finds it: one item per contact field in the
   * customer's collection (`path` is `contacts.<n>.phone|email`), entered in GSI4 under the value's
   * blind index. Unlike a customer's own phone, a contact's is not unique (one buyer may be the
   * contact of several companies).
   */
  contactLookup: (scope: TenantScope, customerId: string, path: string): ItemKey => ({ PK: keys.customerCollection(scope, customerId), SK: `CLK#${path}` }),
  contactLookupPartition: (scope: TenantScope, kind: string, blindIndex: string): string => `${tenantPrefix(scope)}CLK#${kind}#${blindIndex}`,
  contactLookupEntry: (scope: TenantScope, customerId: string, kind: string, blindIndex: string): IndexEntries =>
    indexEntry('GSI4', keys.contactLookupPartition(scope, kind, blindIndex), customerId),

  /** The partition of the tenant's customer listings (the CustomersBy… indexes: name, creation, last purchase, spend). */
  customerListing: (scope: TenantScope): string => `${tenantPrefix(scope)}CUSTOMERS`,
  /** Birthday listing (CustomersByBirthday): customers whose birthday month-day blinds to `blindIndex`. */
  birthdayListing: (scope: TenantScope, blindIndex: string): string => `${tenantPrefix(scope)}BDAY#${blindIndex}`,
  /**
   * A name as the name index sorts it: its key form cut to 400 bytes at a character boundary. An
   * index sort key holds at most 1,024 bytes, and a 100-character name can be several times that in
   * its compatibility form (U+FDFA alone is 18 characters). A prefix search cuts its prefix alike.
   */
  nameSortKey: (nameKey: string): string => {
    let bytes = 0;
    let cut = '';
    for (const character of nameKey) {
      bytes += Buffer.byteLength(character, 'utf8');
      if (bytes > 400) break;
      cut += character;
    }
    return cut;
  },
  /** Where the last-purchase listing sorts customers who never bought: after every date, newest first among themselves. */
  neverBoughtPrefix: '0000#',
  /** A profile's entries in every customer listing, from the facets the listings sort by. */
  customerListingEntries: (
    scope: TenantScope,
    facets: { id: string; nameKey: string; birthdayBlindIndex?: string | undefined; lastPurchaseAt?: string | undefined; totalSpend: number },
  ): IndexEntries => {
    const listing = keys.customerListing(scope);
    return {
      ...indexEntry('CustomersByName', listing, `${keys.nameSortKey(facets.nameKey)}#${facets.id}`),
      ...(facets.birthdayBlindIndex ? indexEntry('CustomersByBirthday', keys.birthdayListing(scope, facets.birthdayBlindIndex), facets.id) : {}),
      ...indexEntry('CustomersByCreated', listing, facets.id),
      ...indexEntry('CustomersByLastPurchase', listing, `${facets.lastPurchaseAt ?? keys.neverBoughtPrefix}${facets.id}`),
      // Sparse: only who has bought is ranked by spend; who never bought follows the ranking, read
      // from the last-purchase listing's `0000` range (customer-listings.ts), so a new customer
      // costs one index write fewer.
      ...(facets.lastPurchaseAt ? indexEntry('CustomersBySpend', listing, `${spendKey(facets.totalSpend)}#${facets.id}`) : {}),
    };
  },

  /** Sort-key bounds of a spend range on the spend listing (CustomersBySpend), both ends included. */
  spendRange: (from: number | undefined, to: number | undefined): readonly [string, string] => [
    spendKey(from ?? 0),
    to === undefined ? '\uffff' : `${spendKey(to)}#\uffff`,
  ],
  /** Sort-key bounds of a time window on the last-purchase listing (CustomersByLastPurchase): `from` included, `to` not. */
  lastPurchaseRange: (from: string | undefined, to: string | undefined): readonly [string, string] => [from ?? '0001', to ?? '\uffff'],
  /** Sort-key bounds of ids created in a window on the created listing (CustomersByCreated): ULIDs sort by time. */
  createdRange: (firstId: string, lastId: string): readonly [string, string] => [firstId, lastId],

  /** A record of a customer, inside the customer's item collection; the id's ULID orders a kind's list. */
  record: (scope: TenantScope, customerId: string, prefix: string, recordId: string): ItemKey => ({
    PK: keys.customerCollection(scope, customerId),
    SK: `${prefix}#${ulidOf(recordId)}`,
  }),
  recordPrefix: (prefix: string): string => `${prefix}#`,
  /** The customer's timeline (GSI1): every kind of record, ordered by when it happened. */
  timeline: (scope: TenantScope, customerId: string): string => `${tenantPrefix(scope)}TL#${customerId}`,
  /**
   * A record's index entries: its place in the customer's timeline and in every list across
   * customers its kind declares (while the record belongs in it).
   */
  recordIndexEntries: <R extends { id: string; customerId: string }>(
    scope: TenantScope,
    kind: { prefix: string; lists?: readonly CrossList<R>[] | undefined },
    record: R,
  ): IndexEntries => {
    const entries = indexEntry('GSI1', keys.timeline(scope, record.customerId), `${ulidOf(record.id)}#${kind.prefix}`);
    for (const list of kind.lists ?? []) {
      if (list.includes && !list.includes(record)) continue;
      const partition = joined(list.partition.map((facet) => record[facet]));
      const sort = joined(list.sort.map((facet) => record[facet]));
      if (partition !== undefined && sort !== undefined) Object.assign(entries, indexEntry(list.index, `${tenantPrefix(scope)}${list.label}#${partition}`, sort));
    }
    return entries;
  },
  /** The partition of a list across customers for the given partition facets (`{status: 'open'}`). */
  crossListPartition: <R>(scope: TenantScope, list: CrossList<R>, facets: { [F in keyof R & string]?: string }): string =>
    `${tenantPrefix(scope)}${list.label}#${list.partition.map((facet) => facets[facet] ?? '').join('#')}`,

  /** A guard that makes a record value unique per tenant (coupon code, order id) or per customer. */
  recordUniqueInTenant: (scope: TenantScope, name: string, value: string): ItemKey => ({ PK: `${tenantPrefix(scope)}RU#${name}#${value}`, SK: 'U' }),
  recordUniqueInCustomer: (scope: TenantScope, customerId: string, name: string, value: string): ItemKey => ({
    PK: keys.customerCollection(scope, customerId),
    SK: `U#${name}#${value}`,
  }),

  campaignsPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}CAMPAIGNS`,
  campaign: (scope: TenantScope, campaignId: string): ItemKey => ({ PK: keys.campaignsPartition(scope), SK: `CMP#${campaignId}` }),
  campaignPrefix: 'CMP#',

  /** A tenant's segments share one partition: "every segment of the tenant" is one Query. */
  segmentsPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}SEGMENTS`,
  segment: (scope: TenantScope, segmentId: string): ItemKey => ({ PK: keys.segmentsPartition(scope), SK: `SEG#${segmentId}` }),
  segmentPrefix: 'SEG#',

  /**
   * Report figures (shared/domain/report-cube.ts), each item in `shards` copies that writers
   * spread over and readers add up: the summary's items (a field's cells, months, counts) in one
   * partition, read with one BatchGetItem; each pair of facets in a partition of its own, one item
   * per value of its row facet, read with one Query.
   */
  reportPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}REPORT`,
  reportItem: (scope: TenantScope, name: string, shard: number): ItemKey => ({ PK: keys.reportPartition(scope), SK: `${name}#${shard}` }),
  pivotPartition: (scope: TenantScope, rows: string, columns: string): string => `${tenantPrefix(scope)}PIVOT#${rows}#${columns}`,
  pivotRow: (scope: TenantScope, pair: { rows: string; columns: string; row: string }, shard: number): ItemKey => ({
    PK: keys.pivotPartition(scope, pair.rows, pair.columns),
    SK: `${pair.row}#${shard}`,
  }),
  /** That one part of a stream batch's roll-up was applied (it expires once a retry can't come). */
  rollUpMarker: (scope: TenantScope, id: string): ItemKey => ({ PK: `${tenantPrefix(scope)}ROLLUP#${id}`, SK: 'ROLLUP' }),

  /**
   * An import in one partition: its progress (`IMPORT`), the file as sent (`FILE#`, sealed), its
   * rows in chunks (`ROWS#`, sealed) and what became of each row (`ROW#` done, `ERR#` failed):
   * the bad rows are one Query of their own prefix.
   */
  importPartition: (scope: TenantScope, importId: string): string => `${tenantPrefix(scope)}IMP#${importId}`,
  import: (scope: TenantScope, importId: string): ItemKey => ({ PK: keys.importPartition(scope, importId), SK: 'IMPORT' }),
  importFilePart: (scope: TenantScope, importId: string, part: number): ItemKey => ({ PK: keys.importPartition(scope, importId), SK: `FILE#${ordinal(part)}` }),
  importFilePrefix: 'FILE#',
  importChunk: (scope: TenantScope, importId: string, chunk: number): ItemKey => ({ PK: keys.importPartition(scope, importId), SK: `ROWS#${ordinal(chunk)}` }),
  importRowDone: (scope: TenantScope, importId: string, row: number): ItemKey => ({ PK: keys.importPartition(scope, importId), SK: keys.importRowSortKey('done', row) }),
  importRowFailed: (scope: TenantScope, importId: string, row: number): ItemKey => ({ PK: keys.importPartition(scope, importId), SK: keys.importRowSortKey('failed', row) }),
  importRowSortKey: (outcome: 'done' | 'failed', row: number): string => `${outcome === 'done' ? 'ROW' : 'ERR'}#${ordinal(row)}`,
  importFailedPrefix: 'ERR#',

  /** An export's file in the file store (S3): under its tenant, so a file key never names another tenant's file. */
  exportFile: (scope: TenantScope, exportId: string, format: string): string => `exports/${scope.tenantId}/${exportId}.${format}`,

  /** A background job (an export, campaign invitations): its progress and result. */
  job: (scope: TenantScope, jobId: string): ItemKey => ({ PK: `${tenantPrefix(scope)}JOB#${jobId}`, SK: 'JOB' }),

  /** A tenant's webhook endpoints share one partition: "every endpoint of the tenant" is one Query. */
  webhooksPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}WEBHOOKS`,
  webhook: (scope: TenantScope, webhookId: string): ItemKey => ({ PK: keys.webhooksPartition(scope), SK: `WHK#${webhookId}` }),
  webhookPrefix: 'WHK#',
  /** An endpoint's deliveries, newest first by the event's ULID (a delivery's id carries its event's). */
  deliveriesPartition: (scope: TenantScope, webhookId: string): string => `${tenantPrefix(scope)}WHK#${webhookId}`,
  delivery: (scope: TenantScope, webhookId: string, deliveryId: string): ItemKey => ({
    PK: keys.deliveriesPartition(scope, webhookId),
    SK: keys.deliverySortKey(ulidOf(deliveryId)),
  }),
  deliverySortKey: (ulid: string): string => `DLV#${ulid}`,

  /**
   * A staff user's in-app notifications: unread ones under `U#`, read ones under `R#`, each by the
   * ULID of the event that caused it, so "unread first, newest first" is two key ranges.
   */
  notificationsPartition: (scope: TenantScope, userId: string): string => `${tenantPrefix(scope)}NTF#${userId}`,
  notification: (scope: TenantScope, userId: string, notificationId: string, read: boolean): ItemKey => ({
    PK: keys.notificationsPartition(scope, userId),
    SK: `${read ? 'R' : 'U'}#${ulidOf(notificationId)}`,
  }),
  unreadPrefix: 'U#',
  readPrefix: 'R#',

  /**
   * Birthday send slots: the (time zone, send hour) pairs of tenants with the birthday offer on,
   * each with how many tenants share it, in one global partition the hourly job reads; the tenants
   * of a slot are found on GSI3 (`BDAYSLOT#<zone>#<hour>`).
   */
  birthdaySlots: 'BDAYSLOTS',
  birthdaySlot: (timeZone: string, sendHour: number): ItemKey => ({ PK: keys.birthdaySlots, SK: `${timeZone}#${sendHour}` }),
  birthdaySlotMember: (timeZone: string, sendHour: number, tenantId: string): IndexEntries =>
    indexEntry('GSI3', `BDAYSLOT#${timeZone}#${sendHour}`, tenantId),
  birthdaySlotTenants: (timeZone: string, sendHour: number): string => `BDAYSLOT#${timeZone}#${sendHour}`,

  /** An Idempotency-Key's stored outcome, by a digest of the key (24 h, then TTL). */
  idempotency: (scope: TenantScope | 'global', keyDigest: string): ItemKey => ({
    // Public POSTs (sign-up, sign-in) have no tenant yet: their keys live in a global partition.
    PK: `${scope === 'global' ? '' : tenantPrefix(scope)}IDEM#${keyDigest}`,
    SK: 'IDEM',
  }),

  /**
   * Outbox: one item per change holding its events, written in the change's transaction, carried
   * on by the stream and deleted once published. A tenant's unpublished changes share one
   * partition, sorted by the time of their first event, where the sweeper finds what the stream
   * failed to publish without any index entry (docs/decisions.md, "The outbox needs no index").
   */
  outboxPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}EVT#PENDING`,
  outboxEvent: (scope: TenantScope, eventId: string): ItemKey => ({ PK: keys.outboxPartition(scope), SK: keys.outboxSortKey(ulidOf(eventId)) }),
  outboxSortKey: (ulid: string): string => `EVT#${ulid}`,

  /**
   * Due work across tenants (GSI5): an item waiting for an instant (a webhook delivery's next
   * attempt, a follow-up to remind, a message to send) sits in the bucket of its queue, the hour it is due and
   * a shard, sorted by the instant. Only scheduled jobs read these partitions.
   */
  dueBucket: (queue: string, hour: string, shard: number): string => `DUE#${queue}#${hour}#${shard}`,
  dueEntry: (queue: string, bucketHour: string, shard: number, dueAt: string, id: string): IndexEntries =>
    indexEntry('GSI5', keys.dueBucket(queue, bucketHour, shard), `${dueAt}#${id}`),
  /** Upper bound of the sort keys of entries due at or before `at`. */
  dueUntil: (at: string): string => `${at}#\uffff`,
  /** The oldest hour a queue's job may still find due work in. */
  dueWatermark: (queue: string): ItemKey => ({ PK: `DUE#WATERMARK#${queue}`, SK: 'WATERMARK' }),
} as const;

/** The index attributes an item carries while it is due work; removed when it is done. */
export const dueAttributes = [tableDefinition.indexes.GSI5.partitionKey, tableDefinition.indexes.GSI5.sortKey] as const;
