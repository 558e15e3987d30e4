import type { Principal } from '#shared/domain/access';
import { presentCustomer } from '#shared/domain/customer-file';
import { duplicatePairs, type DuplicatePair } from '#shared/domain/duplicates';
import { notFound } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { appendAudit } from '#shared/data/audit-repository';
import { getCustomer } from '#shared/data/customer-repository';
import { listCustomers } from '#shared/data/customer-listings';
import type { Page, PageRequest } from '#shared/data/pagination';
import { collectionContents } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { auditEntryOf } from './audit-trail.ts';
import { openCustomerValues } from './customer-secrets.ts';
import { presentRecord } from './record-reads.ts';

/**
 * Everything Dossier holds about one customer, decrypted: the profile and every record. Needs the
 * reveal permission (the route's), and is written to the audit log.
 */
export const exportCustomer = async (scope: TenantScope, principal: Principal, customerId: string, meta: RequestMeta) => {
  const stored = await getCustomer(scope, customerId, true);
  if (!stored) throw notFound('Customer');
  const [values, { records }] = await Promise.all([
    openCustomerValues(scope, customerId, stored.file.sealed),
    collectionContents(scope, customerId),
  ]);
  await appendAudit(scope, auditEntryOf(meta, principal, 'customer.exported', { customerId, target: { type: 'customer', id: customerId } }));
  return {
    exportedAt: meta.now.toISOString(),
    customer: presentCustomer(stored.file, values),
    records: records.sort((a, b) => a.at.localeCompare(b.at)).map(presentRecord),
  };
};

/** Candidate duplicate pairs within one page of the tenant's customers in name order. */
export const findDuplicateCandidates = async (scope: TenantScope, page: PageRequest): Promise<Page<DuplicatePair & { names: string[] }>> => {
  const listed = await listCustomers(scope, 'name', {}, page);
  const byId = new Map(listed.items.map((customer) => [customer.file.id, customer.file.plain.name]));
  const pairs = duplicatePairs(
    listed.items.map((customer) => ({ id: customer.file.id, name: customer.file.plain.name, city: customer.file.plain.address?.city })),
  );
  return { items: pairs.map((pair) => ({ ...pair, names: pair.customerIds.map((id) => byId.get(id) ?? '') })), lastKey: listed.lastKey };
};
