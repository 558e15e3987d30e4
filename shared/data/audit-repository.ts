import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditQuery } from '#shared/domain/audit';
import { ulidBoundary } from '#shared/runtime/ids';
import { documentClient, tableName } from './client.ts';
import { keyOf } from './item-collections.ts';
import { keys, type ItemKey } from './keys.ts';
import { pendingAuditEntries } from './outbox.ts';
import { queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, type TransactionStep } from './transactions.ts';

/**
 * The append-only audit log. The API can add entries and read them; nothing in the API updates
 * or deletes one (erasing a customer leaves its audit entries, which hold ids only).
 */

const itemOf = (scope: TenantScope, entry: AuditEntry) => ({ ...keys.audit(scope, entry.id), entity: 'audit', ...entry });

export const auditStep = (scope: TenantScope, entry: AuditEntry): TransactionStep => putIfNew(itemOf(scope, entry));

/** An entry written on its own: a read's (a reveal, a sign-in), or a change's when its outbox item is published (writing it twice is harmless). */
export const appendAudit = async (scope: TenantScope, entry: AuditEntry): Promise<void> => {
  await documentClient(scope).send(new PutCommand({ TableName: tableName(), Item: itemOf(scope, entry) }));
};

const toEntry = (item: Item): AuditEntry => {
  const { PK: _pk, SK: _sk, entity: _entity, ...entry } = item;
  return entry as AuditEntry;
};

const sortKeyAt = (epochMs: number, edge: 'first' | 'last') => keys.auditSortKey(ulidBoundary(epochMs, edge));

/** Newest first, within an optional time range (a key range, since ULIDs sort by time). */
const writtenPage = (scope: TenantScope, query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> =>
  queryPage(
    scope,
    {
      partition: keys.auditPartition(scope),
      range: { between: [sortKeyAt(query.from ? Date.parse(query.from) : 0, 'first'), sortKeyAt(query.to ? Date.parse(query.to) : 2 ** 48 - 1, 'last')] },
      filters: [
        ...(query.action ? [{ path: ['action'], equals: query.action }] : []),
        ...(query.customerId ? [{ path: ['customerId'], equals: query.customerId }] : []),
      ],
      newestFirst: true,
      page,
    },
    toEntry,
  );

const answers = (query: AuditQuery) => (entry: AuditEntry): boolean =>
  (!query.action || entry.action === query.action) &&
  (!query.customerId || entry.customerId === query.customerId) &&
  (!query.from || Date.parse(entry.at) >= Date.parse(query.from)) &&
  (!query.to || Date.parse(entry.at) <= Date.parse(query.to));

/** Audit ids are `aud_` + a ULID: their order is the log's. */
const newestFirst = (a: AuditEntry, b: AuditEntry) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * A page of the log, newest first. The entry of a change whose events are not yet published is
 * still on its outbox item (outbox.ts): those are read first, and each is listed on the page its
 * place in the order falls on — the log is read after them, so an entry published in between is
 * read twice (and listed once), never missed. A page that would hold more than `limit` ends at the
 * limit, and the next one starts after its last entry.
 */
export const listAudit = async (scope: TenantScope, query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> => {
  const pending = (await pendingAuditEntries(scope)).filter(answers(query));
  const written = await writtenPage(scope, query, page);
  const below = page.startKey ? String(page.startKey.SK) : undefined;
  const from = written.lastKey ? String(written.lastKey.SK) : undefined;
  const sortKeyOf = (entry: AuditEntry) => keys.audit(scope, entry.id).SK;
  const onThisPage = pending.filter((entry) => (!below || sortKeyOf(entry) < below) && (!from || sortKeyOf(entry) >= from));
  if (onThisPage.length === 0) return written;
  const listed = new Set(written.items.map((entry) => entry.id));
  const items = [...written.items, ...onThisPage.filter((entry) => !listed.has(entry.id))].sort(newestFirst);
  if (items.length <= page.limit) return { items, lastKey: written.lastKey };
  const kept = items.slice(0, page.limit);
  return { items: kept, lastKey: keys.audit(scope, kept[kept.length - 1]!.id) };
};

/** Keys of the entries older than `before` (a key range: ULIDs sort by time), a page at a time. */
export const auditKeysBefore = (scope: TenantScope, before: Date, page: PageRequest): Promise<Page<ItemKey>> =>
  queryPage(scope, { partition: keys.auditPartition(scope), range: { before: sortKeyAt(before.getTime(), 'first') }, keysOnly: true, page }, keyOf);
