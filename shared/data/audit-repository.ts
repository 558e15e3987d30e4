import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditQuery } from '#shared/domain/audit';
import { ulidBoundary } from '#shared/runtime/ids';
import { documentClient, tableName } from './client.ts';
import { keyOf } from './item-collections.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, type TransactionStep } from './transactions.ts';

/**
 * The append-only audit log. The API can add entries and read them; nothing in the API updates
 * or deletes one (erasing a customer leaves its audit entries, which hold ids only).
 */

const itemOf = (scope: TenantScope, entry: AuditEntry) => ({ ...keys.audit(scope, entry.id), entity: 'audit', ...entry });

export const auditStep = (scope: TenantScope, entry: AuditEntry): TransactionStep => putIfNew(itemOf(scope, entry));

export const appendAudit = async (scope: TenantScope, entry: AuditEntry): Promise<void> => {
  await documentClient(scope).send(new PutCommand({ TableName: tableName(), Item: itemOf(scope, entry) }));
};

const toEntry = (item: Item): AuditEntry => {
  const { PK: _pk, SK: _sk, entity: _entity, ...entry } = item;
  return entry as AuditEntry;
};

const sortKeyAt = (epochMs: number, edge: 'first' | 'last') => keys.auditSortKey(ulidBoundary(epochMs, edge));

/** Newest first, within an optional time range (a key range, since ULIDs sort by time). */
export const listAudit = (scope: TenantScope, query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> =>
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

/** Keys of the entries older than `before` (a key range: ULIDs sort by time), a page at a time. */
export const auditKeysBefore = (scope: TenantScope, before: Date, page: PageRequest): Promise<Page<ItemKey>> =>
  queryPage(scope, { partition: keys.auditPartition(scope), range: { before: sortKeyAt(before.getTime(), 'first') }, keysOnly: true, page }, keyOf);
