import { randomUUID } from 'node:crypto';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import { refreshScoresChunk } from '#shared/services/score-refresh';
import type { TenantWork } from '#shared/runtime/work-queue';
import { parseCapacityHeader } from './capacity-header.ts';
import { round } from './statistics.ts';

/**
 * One tenant's nightly refresh (`refresh-customer-scores`), run in this process with the job's own
 * code — every chunk its unit of work would queue, one after another — inside a capacity log,
 * because `POST /_local/jobs/…` answers with the job's result but not with its capacity. It reads
 * every customer of the tenant twice by design (RFM quintiles are judged across all of a tenant's
 * buyers: one pass measures, one scores), so its reads grow with the tenant; the figure says how fast,
 * and `chunks` how the work is split so that no invocation outgrows Lambda's limits.
 */
export interface NightlyJobFigures {
  customers: number;
  chunks: number;
  /** The longest chunk: what one Lambda invocation must finish in. */
  longestChunkMs: number;
  ms: number;
  calls: number;
  readUnits: number;
  /** As DynamoDB Local reports them: its transactional writes are under-counted (see transaction-metering.ts). */
  writeUnits: number;
  readUnitsPerCustomer: number;
}

export const measureNightlyJob = async (tenantId: string, at = new Date()): Promise<NightlyJobFigures> => {
  const log = newCapacityLog();
  const meta = { requestId: `bench-${randomUUID()}`, now: at, sourceIp: undefined, userAgent: 'dossier-bench' };
  let work: TenantWork | undefined = { job: 'refresh-customer-scores', tenantId, at: at.toISOString(), step: { phase: 'overdue' } };
  let customers = 0;
  let chunks = 0;
  let longestChunkMs = 0;
  const started = performance.now();
  while (work) {
    const chunkStarted = performance.now();
    const done: Awaited<ReturnType<typeof refreshScoresChunk>> = await withCapacityLog(log, () => refreshScoresChunk(work!, meta));
    longestChunkMs = Math.max(longestChunkMs, performance.now() - chunkStarted);
    chunks += 1;
    if (done.report?.phase === 'measure') customers += done.report.handled;
    work = done.next;
  }
  const ms = performance.now() - started;
  const local = parseCapacityHeader(JSON.stringify(log));
  return {
    customers,
    chunks,
    longestChunkMs: round(longestChunkMs, 0),
    ms: round(ms, 0),
    calls: local.calls.length,
    readUnits: local.readUnits,
    writeUnits: local.writeUnits,
    readUnitsPerCustomer: round(local.readUnits / Math.max(1, customers), 3),
  };
};
