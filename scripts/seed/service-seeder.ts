import { randomUUID } from 'node:crypto';
import type { Principal } from '#shared/domain/access';
import { customerInputSchema } from '#shared/domain/customer';
import { recordKinds } from '#shared/domain/records/record-kinds';
import type { RequestMeta } from '#shared/domain/request-meta';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { createCustomer } from '#shared/services/customer-writes';
import { addCheckedRecord } from '#shared/services/record-preconditions';
import { forEachConcurrently } from './concurrency-pool.ts';
import { customerBody, historyFor, type SeedOptions } from './customer-generator.ts';
import type { SeededCustomer } from './http-seeder.ts';

/**
 * Seeds customers in this process through the service layer the handlers call (validation by the
 * same schemas, encryption, blind indexes, guards, outbox and audit in one transaction each), but
 * without HTTP, the proxy event and the per-request authentication read. It writes exactly what
 * `POST /v1/customers` writes; it is for filling a tenant with tens of thousands of customers
 * quickly. The process must point at the same table, and — for the local key provider and the
 * service secret — the same DOSSIER_DATA_DIR as the runtime that signed the tenant up.
 */
export interface ServiceSeedRun extends SeedOptions {
  tenantId: string;
  /** The staff member the writes are attributed to in the audit log. */
  ownerUserId: string;
  from: number;
  to: number;
  concurrency: number;
  /** Record each customer's purchases for one in `historyEvery` customers (0: none). */
  historyEvery: number;
  now: Date;
  onProgress?: (done: number) => void;
}

const metaOf = (now: Date): RequestMeta => ({ requestId: `seed-${randomUUID()}`, now, sourceIp: '127.0.0.1', userAgent: 'dossier-seed' });

export const seedCustomersInProcess = async (run: ServiceSeedRun): Promise<SeededCustomer[]> => {
  const scope = scopeOfTenant(run.tenantId);
  const principal: Principal = { kind: 'user', tenantId: run.tenantId, userId: run.ownerUserId, role: 'owner' };
  const inputSchema = customerInputSchema('CN');
  const purchaseSchema = recordKinds.transactions.input({ currency: 'CNY' });
  const seeded: SeededCustomer[] = [];
  await forEachConcurrently(run.from, run.to, run.concurrency, async (index) => {
    const body = customerBody(run, index);
    const customer = await createCustomer(scope, principal, inputSchema.parse(body), metaOf(new Date()));
    const withHistory = run.historyEvery > 0 && index % run.historyEvery === 0;
    const purchases = withHistory ? historyFor(run, index, run.now, 3).transactions : [];
    for (const purchase of purchases) {
      await addCheckedRecord(scope, principal, recordKinds.transactions, customer.id, purchaseSchema.parse(purchase), metaOf(new Date()));
    }
    seeded.push({ index, id: customer.id, phone: body.phone, birthday: body.birthday, transactions: purchases.length, interactions: 0 });
    run.onProgress?.(seeded.length);
  });
  return seeded.sort((a, b) => a.index - b.index);
};
