import { clvOf, countInHistogram, emptyHistogram, rfmScorerOf, type RfmHistogram } from '#shared/domain/customer-scores';
import { stageOf, tierOf } from '#shared/domain/customer-figures';
import { cardOf } from '#shared/domain/customer-file';
import { markOverdue, pendingPayments } from '#shared/domain/records/payments';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { Tenant } from '#shared/domain/tenant';
import { closingCustomers, getCustomer } from '#shared/data/customer-repository';
import { listCustomerFigures, type CustomerFigures } from '#shared/data/customer-listings';
import { saveScoresStep } from '#shared/data/customer-steps';
import { outboxStep } from '#shared/data/outbox';
import type { StartKey } from '#shared/data/pagination';
import { listAcrossCustomers } from '#shared/data/record-repository';
import { getTenant, listActiveTenants } from '#shared/data/tenant-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { logger } from '#shared/runtime/logger';
import { workQueue, type TenantWork } from '#shared/runtime/work-queue';
import { systemCaller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { reviseRecord } from './record-changes.ts';

/**
 * The nightly refresh (`refresh-customer-scores`): payments whose due time passed become overdue,
 * tiers and stages move with time (a 12-month window slides, a quiet customer becomes at_risk),
 * and RFM quintiles and CLV are judged across each tenant's buyers. `now` is the schedule's time,
 * so the job can be run for any instant.
 *
 * The job only finds the tenants (their registry, a Query) and queues one unit of work each; a
 * tenant's unit works in chunks, each queuing the next: overdue payments a page at a time, then a
 * pass that measures the tenant's RFM spread (a histogram carried from chunk to chunk), then a
 * pass that scores each customer against it. A failed chunk is retried alone; one bad customer is
 * logged and skipped, never the end of the run.
 */
const JOB = 'refresh-customer-scores';
const PAYMENTS_PER_CHUNK = 100;
const CUSTOMERS_PER_CHUNK = 1000;

type Step =
  | { phase: 'overdue'; cursor?: StartKey | undefined }
  | { phase: 'measure'; cursor?: StartKey | undefined; histogram: RfmHistogram }
  | { phase: 'score'; cursor?: StartKey | undefined; histogram: RfmHistogram };

export interface ChunkReport {
  phase: Step['phase'];
  handled: number;
  skipped: number;
}

/** The job: one unit of work per active tenant. */
export const dispatchScoreRefresh = async (job: RequestMeta): Promise<{ tenants: number }> => {
  let tenants = 0;
  let startKey: StartKey | undefined;
  do {
    const page = await listActiveTenants({ limit: 100, startKey });
    await workQueue().send(page.items.map((tenant) => ({ job: JOB, tenantId: tenant.id, at: job.now.toISOString(), step: { phase: 'overdue' } })));
    tenants += page.items.length;
    startKey = page.lastKey;
  } while (startKey);
  return { tenants };
};

const continueWith = (work: TenantWork, step: Step): TenantWork => ({ ...work, step });

const markOverdueChunk = async (scope: TenantScope, step: Extract<Step, { phase: 'overdue' }>, meta: RequestMeta) => {
  const [page, closing] = await Promise.all([
    listAcrossCustomers(scope, { list: pendingPayments, partition: { status: 'pending' }, before: meta.now.toISOString() }, { limit: PAYMENTS_PER_CHUNK, startKey: step.cursor }),
    closingCustomers(scope),
  ]);
  let skipped = 0;
  // Payments of customers being erased or merged away are on their way out (or to the survivor).
  for (const payment of page.items.filter((candidate) => !closing.has(candidate.customerId))) {
    try {
      await reviseRecord(systemCaller(scope, meta), { kind: 'payments', customerId: payment.customerId, recordId: payment.id }, markOverdue);
    } catch (error) {
      skipped += 1;
      logger.warn('A payment could not be marked overdue', { recordId: payment.id, error: (error as Error).message });
    }
  }
  const next: Step = page.lastKey ? { phase: 'overdue', cursor: page.lastKey } : { phase: 'measure', histogram: emptyHistogram() };
  return { next, report: { phase: 'overdue' as const, handled: page.items.length - skipped, skipped } };
};

/**
 * A customer's new tier, stage, RFM and CLV, written if any of them changed (conditionally on its
 * version). A customer written to since the listing was read (a follow-up a care rule just
 * planned, a payment) is read again and judged on what it has now.
 */
const rescoreOne = (scope: TenantScope, tenant: Tenant, listed: CustomerFigures, score: ReturnType<typeof rfmScorerOf>, now: Date): Promise<void> => {
  let read = false;
  return retryingRaces(async () => {
    const customer = read ? await figuresOfProfile(scope, listed.id) : listed;
    read = true;
    if (!customer) return;
    const file = { ...customer, tier: customer.card.tier, stage: customer.card.stage };
    const next = { tier: tierOf(file.tallies, tenant.settings.tiers, now), stage: stageOf(file.stats, tenant.settings.stages, now), rfm: score(file.stats), clv: clvOf(file.stats, now) };
    const same = next.tier === file.tier && next.stage === file.stage && JSON.stringify(next.rfm) === JSON.stringify(file.rfm) && JSON.stringify(next.clv) === JSON.stringify(file.clv);
    if (same) return;
    const customerId = file.id;
    const events = [
      ...(next.tier !== file.tier ? [newEvent(scope.tenantId, { type: 'tier.changed', data: { customerId, from: file.tier, to: next.tier } }, now)] : []),
      ...(next.stage !== file.stage ? [newEvent(scope.tenantId, { type: 'stage.changed', data: { customerId, from: file.stage, to: next.stage } }, now)] : []),
    ];
    await transactWrite(scope, [saveScoresStep(scope, customer, next, now.toISOString()), ...outboxStep(scope, events)]);
  });
};

/** The figures of one customer as its profile has them now (none if it is gone or closing). */
const figuresOfProfile = async (scope: TenantScope, customerId: string): Promise<CustomerFigures | undefined> => {
  const stored = await getCustomer(scope, customerId, true);
  if (!stored) return undefined;
  const { file } = stored;
  return { id: file.id, card: cardOf(file), version: file.version, stats: file.stats, tallies: file.tallies, rfm: file.rfm, clv: file.clv };
};

const customerChunk = async (scope: TenantScope, tenant: Tenant, step: Extract<Step, { phase: 'measure' | 'score' }>, now: Date) => {
  const page = await listCustomerFigures(scope, { limit: CUSTOMERS_PER_CHUNK, startKey: step.cursor });
  if (step.phase === 'measure') {
    const histogram = page.items.reduce((counted, customer) => countInHistogram(counted, customer.stats, now), step.histogram);
    const next: Step = page.lastKey ? { phase: 'measure', cursor: page.lastKey, histogram } : { phase: 'score', histogram };
    return { next, report: { phase: step.phase, handled: page.items.length, skipped: 0 } };
  }
  const score = rfmScorerOf(step.histogram, now);
  let skipped = 0;
  for (const customer of page.items) {
    try {
      await rescoreOne(scope, tenant, customer, score, now);
    } catch (error) {
      skipped += 1;
      logger.warn('A customer could not be rescored', { customerId: customer.id, error: (error as Error).message });
    }
  }
  const next: Step | undefined = page.lastKey ? { phase: 'score', cursor: page.lastKey, histogram: step.histogram } : undefined;
  return { next, report: { phase: step.phase, handled: page.items.length - skipped, skipped } };
};

/** One chunk of one tenant's refresh: what it did, and the next chunk, if any. */
export const refreshScoresChunk = async (work: TenantWork, meta: RequestMeta): Promise<{ next?: TenantWork | undefined; report?: ChunkReport }> => {
  const scope = scopeOfTenant(work.tenantId);
  const tenant = await getTenant(scope);
  // A tenant that closed since the job found it has nothing left to refresh.
  if (!tenant) return {};
  const step = (work.step ?? { phase: 'overdue' }) as Step;
  const { next, report } = step.phase === 'overdue' ? await markOverdueChunk(scope, step, meta) : await customerChunk(scope, tenant, step, meta.now);
  logger.info('Refreshed a chunk of customer scores', { ...report });
  return { next: next ? continueWith(work, next) : undefined, report };
};

/** The tenant worker's step: a chunk, answering the next. */
export const refreshTenantScores = async (work: TenantWork, meta: RequestMeta): Promise<TenantWork | undefined> => (await refreshScoresChunk(work, meta)).next;
