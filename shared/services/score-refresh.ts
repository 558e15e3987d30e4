import { clvOf, rfmScores } from '#shared/domain/customer-scores';
import { stageOf, tierOf } from '#shared/domain/customer-figures';
import { isDossierError } from '#shared/domain/errors';
import { markOverdue, pendingPayments } from '#shared/domain/records/payments';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { Tenant } from '#shared/domain/tenant';
import { type StoredCustomer } from '#shared/data/customer-repository';
import { listCustomers } from '#shared/data/customer-listings';
import { saveScoresStep } from '#shared/data/customer-steps';
import { outboxStep } from '#shared/data/outbox';
import type { StartKey } from '#shared/data/pagination';
import { listAcrossCustomers } from '#shared/data/record-repository';
import { listActiveTenants } from '#shared/data/tenant-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { systemCaller } from './caller.ts';
import { reviseRecord } from './record-changes.ts';

/**
 * The nightly refresh (`refresh-customer-scores`): payments whose due time passed become overdue,
 * tiers and stages move with time (a 12-month window slides, a quiet customer becomes at_risk),
 * and RFM quintiles and CLV are judged across each tenant's buyers. Tenants come from their
 * registry and customers from each tenant's listing index: Queries, never a Scan. `now` is the
 * schedule's time, so the job can be run for any instant.
 */
export interface RefreshReport {
  tenants: number;
  customers: number;
  rescored: number;
  overduePayments: number;
}

const pages = async function* <T>(read: (startKey: StartKey | undefined) => Promise<{ items: T[]; lastKey?: StartKey | undefined }>) {
  let startKey: StartKey | undefined;
  do {
    const page = await read(startKey);
    yield* page.items;
    startKey = page.lastKey;
  } while (startKey);
};

const markOverduePayments = async (scope: TenantScope, meta: RequestMeta): Promise<number> => {
  let marked = 0;
  const due = pages((startKey) =>
    listAcrossCustomers(scope, { list: pendingPayments, partition: { status: 'pending' }, before: meta.now.toISOString() }, { limit: 100, startKey }),
  );
  for await (const payment of due) {
    await reviseRecord(systemCaller(scope, meta), { kind: 'payments', customerId: payment.customerId, recordId: payment.id }, markOverdue);
    marked += 1;
  }
  return marked;
};

const rescore = async (run: { scope: TenantScope; tenant: Tenant; now: Date }, customers: StoredCustomer[]): Promise<number> => {
  const { scope, tenant, now } = run;
  const rfm = rfmScores(customers.map((c) => ({ id: c.file.id, stats: c.file.stats })), now);
  let rescored = 0;
  for (const customer of customers) {
    const { file } = customer;
    const next = {
      tier: tierOf(file.tallies, tenant.settings.tiers, now),
      stage: stageOf(file.stats, tenant.settings.stages, now),
      rfm: rfm.get(file.id),
      clv: clvOf(file.stats, now),
    };
    const same = next.tier === file.tier && next.stage === file.stage && JSON.stringify(next.rfm) === JSON.stringify(file.rfm) &&
      JSON.stringify(next.clv) === JSON.stringify(file.clv);
    if (same) continue;
    const customerId = file.id;
    const events = [
      ...(next.tier !== file.tier ? [newEvent(scope.tenantId, { type: 'tier.changed', data: { customerId, from: file.tier, to: next.tier } }, now)] : []),
      ...(next.stage !== file.stage ? [newEvent(scope.tenantId, { type: 'stage.changed', data: { customerId, from: file.stage, to: next.stage } }, now)] : []),
    ];
    try {
      await transactWrite(scope, [saveScoresStep(scope, customer, next, now.toISOString()), ...outboxStep(scope, events)]);
      rescored += 1;
    } catch (error) {
      // A customer written to since it was read is judged again tomorrow, with its new figures.
      if (!isDossierError(error) || error.code !== 'concurrent-update') throw error;
    }
  }
  return rescored;
};

export const refreshCustomerScores = async (meta: RequestMeta): Promise<RefreshReport> => {
  const { now } = meta;
  const report: RefreshReport = { tenants: 0, customers: 0, rescored: 0, overduePayments: 0 };
  for await (const tenant of pages((startKey) => listActiveTenants({ limit: 100, startKey }))) {
    const scope = scopeOfTenant(tenant.id);
    report.tenants += 1;
    report.overduePayments += await markOverduePayments(scope, meta);
    const customers: StoredCustomer[] = [];
    for await (const customer of pages((startKey) => listCustomers(scope, { sort: '-createdAt', filters: {} }, { limit: 200, startKey }))) customers.push(customer);
    report.customers += customers.length;
    report.rescored += await rescore({ scope, tenant, now }, customers);
  }
  return report;
};
