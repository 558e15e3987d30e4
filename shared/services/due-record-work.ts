import { isDossierError } from '#shared/domain/errors';
import type { DueQueue } from '#shared/domain/records/record-kind';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { CustomerRecord } from '#shared/domain/records/record-kinds';
import { dropDueRecord, dueRecords } from '#shared/data/record-repository';
import { tenantIsActive } from '#shared/data/tenant-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { logger } from '#shared/runtime/logger';
import { workQueue, type TenantWork } from '#shared/runtime/work-queue';

/**
 * Scheduled jobs over due records (follow-ups to remind, messages to send): the job reads what is
 * due at its instant from the due-work index, groups it by tenant and queues one unit of work per
 * tenant (in pieces of a hundred), so one tenant's trouble is retried on its own. A unit handles
 * each record with a transition that re-reads it, so a record met twice is handled once.
 */
export interface RecordRef {
  customerId: string;
  recordId: string;
}

const REFS_PER_UNIT = 100;

export const dispatchDueRecords = async (job: { name: string; queue: DueQueue }, meta: RequestMeta): Promise<{ tenants: number; due: number }> => {
  const byTenant = new Map<string, CustomerRecord[]>();
  for await (const { tenantId, record } of dueRecords(job.queue, meta.now)) {
    const records = byTenant.get(tenantId) ?? [];
    records.push(record);
    byTenant.set(tenantId, records);
  }
  const units: TenantWork[] = [];
  for (const [tenantId, records] of byTenant) {
    const scope = scopeOfTenant(tenantId);
    // A closing tenant sends and reminds nothing more. Its due work leaves the queue, or every run
    // would meet it again and hold the queue's watermark back until the tenant is purged.
    if (!(await tenantIsActive(scope))) {
      for (const record of records) await dropDueRecord(scope, record);
      byTenant.delete(tenantId);
      continue;
    }
    const refs = records.map((record): RecordRef => ({ customerId: record.customerId, recordId: record.id }));
    for (let start = 0; start < refs.length; start += REFS_PER_UNIT) {
      units.push({ job: job.name, tenantId, at: meta.now.toISOString(), step: { refs: refs.slice(start, start + REFS_PER_UNIT) } });
    }
  }
  await workQueue().send(units);
  return { tenants: byTenant.size, due: [...byTenant.values()].reduce((total, refs) => total + refs.length, 0) };
};

/**
 * One tenant's unit: each record handled on its own; if any failed, the unit fails after trying
 * them all, so the queue retries it (the records already handled are no-ops the second time).
 */
export const handleDueRecords = async (
  work: TenantWork,
  handle: (scope: TenantScope, ref: RecordRef, meta: RequestMeta) => Promise<unknown>,
  meta: RequestMeta,
): Promise<undefined> => {
  const scope = scopeOfTenant(work.tenantId);
  // Queued before its tenant began closing: the next dispatch takes its records out of the queue.
  if (!(await tenantIsActive(scope))) return undefined;
  const refs = (work.step?.refs ?? []) as RecordRef[];
  let failed = 0;
  for (const ref of refs) {
    try {
      await handle(scope, ref, meta);
    } catch (error) {
      // The record or its customer is gone (erased, merged away): nothing is due any more.
      if (isDossierError(error) && error.code === 'not-found') continue;
      failed += 1;
      logger.warn('A due record could not be handled', { job: work.job, recordId: ref.recordId, error: (error as Error).message });
    }
  }
  if (failed > 0) throw new Error(`${failed} of ${refs.length} due records of ${work.job} failed`);
  return undefined;
};
