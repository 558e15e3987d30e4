import type { RequestMeta } from '#shared/domain/request-meta';
import { auditKeysBefore } from '#shared/data/audit-repository';
import { closingCustomers, getCustomer } from '#shared/data/customer-repository';
import { deleteKeys } from '#shared/data/item-collections';
import type { StartKey } from '#shared/data/pagination';
import { getTenant, listActiveTenants } from '#shared/data/tenant-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { logger } from '#shared/runtime/logger';
import { workQueue, type TenantWork } from '#shared/runtime/work-queue';
import { systemCaller } from './caller.ts';
import { finishErasure } from './customer-erasure.ts';
import { abandonMerge, finishMerge } from './customer-merge.ts';

const DAY_MS = 24 * 3600 * 1000;
/** A closing younger than this may still be running in its request: left alone. */
const CLOSING_GRACE_MS = 15 * 60 * 1000;
const JOB = 'apply-retention';

/**
 * The daily `apply-retention` job: one unit of work per active tenant, which deletes the tenant's
 * audit entries older than its `retention.auditDays` (a key range of the audit partition; cost ∝
 * what is removed) and finishes the erasures and merges that began but were never finished (a
 * request stopped half-way and nobody sent it again). Until then the log is append-only.
 */
export const dispatchRetention = async (job: RequestMeta): Promise<{ tenants: number }> => {
  let tenants = 0;
  let startKey: StartKey | undefined;
  do {
    const page = await listActiveTenants({ limit: 100, startKey });
    await workQueue().send(page.items.map((tenant) => ({ job: JOB, tenantId: tenant.id, at: job.now.toISOString() })));
    tenants += page.items.length;
    startKey = page.lastKey;
  } while (startKey);
  return { tenants };
};

const removeExpiredAudit = async (scope: TenantScope, cutoff: Date): Promise<number> => {
  let removed = 0;
  let startKey: StartKey | undefined;
  do {
    const expired = await auditKeysBefore(scope, cutoff, { limit: 500, startKey });
    await deleteKeys(scope, expired.items);
    removed += expired.items.length;
    startKey = expired.lastKey;
  } while (startKey);
  return removed;
};

/** Erasures and merges begun more than the grace period ago and not finished: finished now. */
const finishAbandonedClosings = async (scope: TenantScope, meta: RequestMeta): Promise<number> => {
  let finished = 0;
  for (const [customerId, closing] of await closingCustomers(scope)) {
    if (meta.now.getTime() - Date.parse(closing.since) < CLOSING_GRACE_MS) continue;
    if (closing.reason === 'erase') await finishErasure(scope, customerId);
    else if (closing.into && (await getCustomer(scope, closing.into, true))) await finishMerge(systemCaller(scope, meta), { targetId: closing.into, sourceId: customerId });
    else await abandonMerge(scope, customerId);
    finished += 1;
  }
  return finished;
};

/** One tenant's daily upkeep. */
export const applyTenantRetention = async (work: TenantWork, meta: RequestMeta): Promise<undefined> => {
  const scope = scopeOfTenant(work.tenantId);
  const tenant = await getTenant(scope);
  if (!tenant) return undefined;
  const removed = await removeExpiredAudit(scope, new Date(meta.now.getTime() - tenant.settings.retention.auditDays * DAY_MS));
  const closings = await finishAbandonedClosings(scope, meta);
  logger.info('Applied retention', { removed, closings });
  return undefined;
};
