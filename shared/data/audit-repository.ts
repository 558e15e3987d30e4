import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditQuery } from '#shared/domain/audit';
import { ulidBoundary } from '#shared/runtime/ids';
import { documentClient, tableName } from './client.ts';
import { keys, type ItemKey } from './keys.ts';
import { pageOf, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/**
 * The append-only audit log. The API can add entries and read them; nothing in the API updates
 * or deletes one (erasing a customer leaves its audit entries, which hold ids only).
 */

const ulidOf = (auditId: string): string => auditId.slice('aud_'.length);

const itemOf = (scope: TenantScope, entry: AuditEntry) => ({
  ...keys.audit(scope, ulidOf(entry.id)),
  entity: 'audit',
  ...entry,
});

export const auditStep = (scope: TenantScope, entry: AuditEntry): TransactionStep => ({
  item: { Put: { TableName: tableName(), Item: itemOf(scope, entry), ConditionExpression: 'attribute_not_exists(PK)' } },
});

export const appendAudit = async (scope: TenantScope, entry: AuditEntry): Promise<void> => {
  await documentClient(scope).send(new PutCommand({ TableName: tableName(), Item: itemOf(scope, entry) }));
};

const toEntry = (item: Record<string, unknown>): AuditEntry => {
  const { PK: _pk, SK: _sk, entity: _entity, ...entry } = item;
  return entry as unknown as AuditEntry;
};

/** Newest first, within an optional time range (a key range, since ULIDs sort by time). */
export const listAudit = async (scope: TenantScope, query: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> => {
  const from = keys.auditSortKey(ulidBoundary(query.from ? Date.parse(query.from) : 0, 'first'));
  const to = keys.auditSortKey(ulidBoundary(query.to ? Date.parse(query.to) : 2 ** 48 - 1, 'last'));
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': keys.auditPartition(scope), ':from': from, ':to': to };
  if (query.action) {
    filters.push('#action = :action');
    values[':action'] = query.action;
  }
  if (query.customerId) {
    filters.push('customerId = :customerId');
    values[':customerId'] = query.customerId;
  }
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ...(filters.length > 0
        ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: { '#action': 'action' } }
        : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, toEntry);
};

/** Keys of the entries older than `before` (a key range: ULIDs sort by time), a page at a time. */
export const auditKeysBefore = async (scope: TenantScope, before: Date, page: PageRequest): Promise<Page<ItemKey>> => {
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND SK < :before',
      ExpressionAttributeValues: { ':pk': keys.auditPartition(scope), ':before': keys.auditSortKey(ulidBoundary(before.getTime(), 'first')) },
      ProjectionExpression: 'PK, SK',
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, (item) => ({ PK: item.PK as string, SK: item.SK as string }));
};
