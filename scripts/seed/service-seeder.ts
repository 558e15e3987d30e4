import { randomUUID } from 'node:crypto';
import type { Principal } from '#shared/domain/access';
import { customerInputSchemaFor } from '#shared/domain/customer';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { DOCUMENTED_TERMS } from '#shared/domain/tenant';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { createCustomer } from '#shared/services/customer-writes';
import type { Caller } from '#shared/services/caller';
import { addRecord } from '#shared/services/record-writes';
import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { customerBody, historyFor, type SeedOptions } from './customer-generator.ts';
import type { SeededCustomer } from './http-seeder.ts';

/**
 * Seeds customers in this process through the service layer the handlers call (the same schemas,
 * encryption, blind indexes, guards, outbox and audit entries), without HTTP, the proxy event and
 * the per-request authentication read: for filling a tenant with tens of thousands of customers.
 * The process must point at the same table and — for the local key provider and the service
 * secret — the same DOSSIER_DATA_DIR as the runtime that signed the tenant up.
 */
export interface ServiceSeedTarget extends SeedOptions {
  tenantId: string;
  /** The staff member the writes are attributed to in the audit log. */
  ownerUserId: string;
  concurrency: number;
  /** Where the writes seem to come from, as their audit entries record it (the seeder's own by default). */
  client?: { sourceIp: string; userAgent: string };
}

/** The tenant's owner, now: whom the seeded writes are attributed to. */
const callerOf = (target: ServiceSeedTarget): Caller => {
  const principal: Principal = { kind: 'user', tenantId: target.tenantId, userId: target.ownerUserId, role: 'owner' };
  return { scope: scopeOfTenant(target.tenantId), principal, meta: { requestId: `seed-${randomUUID()}`, now: new Date(), ...(target.client ?? { sourceIp: '127.0.0.1', userAgent: 'dossier-seed' }) } };
};

/** Customers [from, to) of the generator, each created as `POST /v1/customers` would create it. */
export const createCustomersInProcess = async (
  target: ServiceSeedTarget,
  range: { from: number; to: number },
  onProgress?: (done: number) => void,
): Promise<SeededCustomer[]> => {
  const inputSchema = customerInputSchemaFor(DOCUMENTED_TERMS);
  const seeded: SeededCustomer[] = [];
  await forEachConcurrently(range.from, range.to, target.concurrency, async (index) => {
    const body = customerBody(target, index);
    const customer = await createCustomer(callerOf(target), inputSchema.parse(body));
    seeded.push({ index, id: customer.id, phone: body.phone, birthday: body.birthday, transactions: 0, interactions: 0 });
    onProgress?.(seeded.length);
  });
  return seeded.sort((a, b) => a.index - b.index);
};

/** Up to `maxPurchases` past purchases of each customer, recorded as `POST …/transactions` records them. */
export const addPurchasesInProcess = async (
  target: ServiceSeedTarget,
  customers: SeededCustomer[],
  options: { now: Date; maxPurchases: number },
): Promise<number> => {
  const purchaseSchema = recordKinds.transactions.inputSchemaFor(DOCUMENTED_TERMS);
  let recorded = 0;
  await forEachConcurrently(0, customers.length, target.concurrency, async (position) => {
    const customer = customers[position]!;
    // One customer's purchases one after another: each changes the same profile.
    for (const purchase of historyFor(target, customer.index, options.now, options.maxPurchases).transactions) {
      await addRecord(callerOf(target), { kind: 'transactions', customerId: customer.id, input: purchaseSchema.parse(purchase) });
      customer.transactions += 1;
      recorded += 1;
    }
  });
  return recorded;
};
