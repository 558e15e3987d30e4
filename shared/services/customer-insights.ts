import { presentCustomer } from '#shared/domain/customer-file';
import { duplicatePairs, NEIGHBOURS, type DuplicatePair } from '#shared/domain/duplicates';
import { notFound } from '#shared/domain/errors';
import { appendAudit } from '#shared/data/audit-repository';
import { getCustomer } from '#shared/data/customer-repository';
import { listCustomers } from '#shared/data/customer-listings';
import type { Page, PageRequest } from '#shared/data/pagination';
import { timelineOldestFirst } from '#shared/data/record-repository';
import { auditEntryOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { openCustomerValues } from './customer-secrets.ts';
import { viewerLimit } from './customer-visibility.ts';
import { presentRecord } from './record-reads.ts';

/** The bytes of records one export answer carries at most: well inside Lambda's 6 MB answer. */
export const EXPORT_PAGE_BYTES = 4 * 1024 * 1024;

/**
 * Everything Dossier holds about one customer, decrypted: the profile and every record, oldest
 * first. Needs the reveal permission (the route's), and is written to the audit log. A customer
 * whose records pass `EXPORT_PAGE_BYTES` is exported in parts: the answer names where the next
 * part starts (`lastKey`), and each part is audited.
 */
export const exportCustomer = async (caller: Caller, request: { customerId: string; page: PageRequest }) => {
  const { scope, meta } = caller;
  const { customerId } = request;
  const stored = await getCustomer(scope, customerId, true);
  if (!stored) throw notFound('Customer');
  let bytes = 0;
  const [values, records] = await Promise.all([
    openCustomerValues(scope, customerId, stored.file.sealed),
    timelineOldestFirst(scope, customerId, request.page.startKey, (record) => {
      bytes += Buffer.byteLength(JSON.stringify(record));
      return bytes <= EXPORT_PAGE_BYTES;
    }),
  ]);
  await appendAudit(scope, auditEntryOf(caller, 'customer.exported', { customerId, target: { type: 'customer', id: customerId }, details: { records: records.items.length, part: request.page.startKey ? 'next' : 'first' } }));
  return {
    exportedAt: meta.now.toISOString(),
    customer: presentCustomer(stored.file, values),
    records: records.items.map(presentRecord),
    lastKey: records.lastKey,
  };
};

/**
 * Candidate duplicate pairs whose first customer (in name order) is on this page of the tenant's
 * customers. Each customer is compared with the next few, so the page reads that many past its
 * end: a pair split by a page boundary is found, once, on the page of its first customer.
 */
export const findDuplicateCandidates = async (caller: Caller, request: { page: PageRequest }): Promise<Page<DuplicatePair & { names: string[] }>> => {
  const filters = { visibleTo: await viewerLimit(caller) };
  const listed = await listCustomers(caller.scope, { sort: 'name', filters }, request.page);
  const after = listed.lastKey ? (await listCustomers(caller.scope, { sort: 'name', filters }, { limit: NEIGHBOURS, startKey: listed.lastKey })).items : [];
  const compared = [...listed.items, ...after];
  const onPage = new Set(listed.items.map((customer) => customer.id));
  const byId = new Map(compared.map((customer) => [customer.id, customer.card.name]));
  const pairs = duplicatePairs(compared.map((customer) => ({ id: customer.id, name: customer.card.name, city: customer.card.city }))).filter((pair) =>
    onPage.has(pair.customerIds[0]),
  );
  return { items: pairs.map((pair) => ({ ...pair, names: pair.customerIds.map((id) => byId.get(id) ?? '') })), lastKey: listed.lastKey };
};
