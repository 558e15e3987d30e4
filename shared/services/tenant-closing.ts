import { notFound } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { purgeAfterOf, type TenantClosing } from '#shared/domain/tenant';
import { retireTenantKey } from '#shared/crypto/tenant-keys';
import { forgetTenantKeys } from '#shared/crypto/tenant-keyring';
import type { StartKey } from '#shared/data/pagination';
import { type ClosingTenant, getClosingTenant, listClosingTenants, markTenantClosed, recordCloseStep } from '#shared/data/tenant-closing-repository';
import {
  closingCustomerIdsOfTenant,
  customerIdsOfTenant,
  deletePartitionChunk,
  plainPartitionsOf,
  purgeApiKeys,
  purgeCustomerFile,
  purgeStaff,
  purgeWebhooks,
} from '#shared/data/tenant-purge';
import { getTenant, markTenantClosing } from '#shared/data/tenant-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { disableEveryWebhook } from '#shared/data/webhook-repository';
import { logger } from '#shared/runtime/logger';
import { workQueue, type TenantWork } from '#shared/runtime/work-queue';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { forgetTenant } from './tenant-context.ts';
import { removeTenantUsage } from './tenant-usage.ts';

const JOB = 'close-tenants';
/** What one unit of work purges at most, well inside its 15 minutes: customers, or plain items. */
const CUSTOMERS_PER_UNIT = 100;
const ITEMS_PER_UNIT = 5_000;

/**
 * The steps of a close after its mark, each idempotent, in the order of what matters most: no
 * more webhooks go out, the tenant's key is scheduled for deletion (once: recorded on the tenant
 * item), and its staff (with their notifications) and API keys are removed. Sessions and keys are
 * already refused by then (authentication reads the tenant's status); removing them is the second
 * lock. A close that stopped part-way is finished by the next `close-tenants` run.
 */
const finishClosing = async (scope: TenantScope, meta: RequestMeta): Promise<void> => {
  const closing = await getClosingTenant(scope);
  if (closing?.status !== 'closing') return;
  forgetTenant(scope.tenantId);
  forgetTenantKeys(scope.tenantId);
  await disableEveryWebhook(scope, { reason: 'The tenant was closed', at: meta.now.toISOString() });
  if (!closing.keyDeletionScheduledAt) {
    await retireTenantKey(closing.keyRef);
    await recordCloseStep(scope, 'keyDeletionScheduledAt', meta.now.toISOString());
  }
  await purgeStaff(scope);
  await purgeApiKeys(scope);
};

/**
 * `DELETE /v1/tenant`. One transaction marks the tenant `closing` and frees its slug: from that
 * moment every session, API key and sign-in of the tenant is refused, and the close can't be
 * undone through the API. The rest is done here if it can be; whatever could not (KMS down, the
 * function stopped) is left to the daily `close-tenants` job, and the answer says so (the tenant
 * as it is closing, for a 202). Nobody can send the DELETE again: its sender is refused too.
 */
export const closeTenant = async (caller: Caller): Promise<TenantClosing | undefined> => {
  const { scope, meta } = caller;
  const tenant = await getTenant(scope);
  if (!tenant) throw notFound('Tenant');
  const closing = { id: tenant.id, status: 'closing' as const, closingSince: meta.now.toISOString(), purgeAfter: purgeAfterOf(meta.now).toISOString() };
  await markTenantClosing(
    scope,
    tenant,
    { now: closing.closingSince, purgeAfter: closing.purgeAfter },
    auditStepOf(caller, 'tenant.deleted', { target: { type: 'tenant', id: tenant.id } }),
  );
  try {
    await finishClosing(scope, meta);
    return undefined;
  } catch (error) {
    logger.error('The close of the tenant is left to the close-tenants job', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
    return closing;
  }
};

/** The daily `close-tenants` job: one unit of work per tenant in the closing registry. */
export const dispatchTenantClosings = async (job: RequestMeta): Promise<{ tenants: number }> => {
  let tenants = 0;
  let startKey: StartKey | undefined;
  do {
    const page = await listClosingTenants({ limit: 100, startKey });
    await workQueue().send(page.items.map((tenantId) => ({ job: JOB, tenantId, at: job.now.toISOString() })));
    tenants += page.items.length;
    startKey = page.lastKey;
  } while (startKey);
  return { tenants };
};

/**
 * The tenant's usage key leaves API Gateway with its purge, once (recorded on the tenant item), so
 * closed tenants don't spend the region's 10,000 API keys. Not at the close: the gateway keeps an
 * authorizer's answer for minutes, and while it names a key that still exists the request reaches
 * the function, which refuses the closing tenant with the 401 it promises, where a deleted key
 * would be the gateway's 403.
 */
const removeUsageKey = async (scope: TenantScope, closing: ClosingTenant, meta: RequestMeta): Promise<void> => {
  if (!closing.usageKeyId || closing.usageKeyRemovedAt) return;
  await removeTenantUsage(closing.usageKeyId);
  await recordCloseStep(scope, 'usageKeyRemovedAt', meta.now.toISOString());
};

type PurgePhase = 'customers' | 'closing-customers' | 'linked' | 'partitions';
interface PurgeStep {
  phase: PurgePhase;
  cursor?: StartKey | undefined;
}

/**
 * One chunk of the purge, in an order that keeps every partition findable until it is emptied:
 * the customers in the listing, then those being erased or merged (the closing ledger), then the
 * partitions named by items (deliveries by their endpoint, notifications by their user), then the
 * plain ones. Answers the next chunk, or nothing when all is gone.
 */
const purgeChunk = async (scope: TenantScope, step: PurgeStep): Promise<PurgeStep | undefined> => {
  if (step.phase === 'customers') {
    const page = await customerIdsOfTenant(scope, { limit: CUSTOMERS_PER_UNIT, startKey: step.cursor });
    for (const customerId of page.items) await purgeCustomerFile(scope, customerId);
    return page.lastKey ? { phase: 'customers', cursor: page.lastKey } : { phase: 'closing-customers' };
  }
  if (step.phase === 'closing-customers') {
    const ids = (await closingCustomerIdsOfTenant(scope)).slice(0, CUSTOMERS_PER_UNIT);
    for (const customerId of ids) await purgeCustomerFile(scope, customerId);
    return ids.length === CUSTOMERS_PER_UNIT ? step : { phase: 'linked' };
  }
  if (step.phase === 'linked') {
    await purgeWebhooks(scope);
    await purgeStaff(scope);
    await purgeApiKeys(scope);
    return { phase: 'partitions' };
  }
  let budget = ITEMS_PER_UNIT;
  for (const partition of plainPartitionsOf(scope)) {
    budget -= await deletePartitionChunk(scope, partition, budget);
    if (budget <= 0) return step;
  }
  return undefined;
};

/**
 * One closing tenant's unit of the daily job: the steps of its close again (each a no-op once
 * done), and from `purgeAfter` on, its purge, a chunk per unit, each chunk queueing the next; the
 * last marks the tenant `closed` and takes it out of the closing registry.
 */
export const continueTenantClosing = async (work: TenantWork, meta: RequestMeta): Promise<TenantWork | undefined> => {
  const scope = scopeOfTenant(work.tenantId);
  const closing = await getClosingTenant(scope);
  if (closing?.status !== 'closing') return undefined;
  const step = work.step as PurgeStep | undefined;
  if (!step) {
    await finishClosing(scope, meta);
    if (meta.now.getTime() < Date.parse(closing.purgeAfter)) return undefined;
  }
  const next = await purgeChunk(scope, step ?? { phase: 'customers' });
  if (next) return { ...work, step: { ...next } };
  await removeUsageKey(scope, closing, meta);
  await markTenantClosed(scope, meta.now.toISOString());
  logger.info('Purged a closed tenant', { closingSince: closing.closingSince });
  return undefined;
};
