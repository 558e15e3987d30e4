import { randomUUID } from 'node:crypto';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import { refreshCustomerScores } from '#shared/services/score-refresh';
import { parseCapacityHeader } from './capacity-header.ts';
import { round } from './statistics.ts';

/**
 * The nightly `refresh-customer-scores` job, run in this process with the job's own code (the
 * function the Lambda handler calls) inside a capacity log, because `POST /_local/jobs/…` answers
 * with the job's result but not with its capacity. It reads every active tenant's customers by
 * design (RFM quintiles are judged across all of a tenant's buyers), so its reads grow with the
 * tenant; the figure is here to say how fast.
 */
export interface NightlyJobFigures {
  tenants: number;
  customers: number;
  rescored: number;
  ms: number;
  calls: number;
  readUnits: number;
  /** As DynamoDB Local reports them: its transactional writes are under-counted (see transaction-metering.ts). */
  writeUnits: number;
  readUnitsPerCustomer: number;
}

export const measureNightlyJob = async (at = new Date()): Promise<NightlyJobFigures> => {
  const log = newCapacityLog();
  const started = performance.now();
  const report = await withCapacityLog(log, () => refreshCustomerScores({ requestId: `bench-${randomUUID()}`, now: at, sourceIp: undefined, userAgent: 'dossier-bench' }));
  const ms = performance.now() - started;
  const local = parseCapacityHeader(JSON.stringify(log));
  return {
    tenants: report.tenants,
    customers: report.customers,
    rescored: report.rescored,
    ms: round(ms, 0),
    calls: local.calls.length,
    readUnits: local.readUnits,
    writeUnits: local.writeUnits,
    readUnitsPerCustomer: round(local.readUnits / Math.max(1, report.customers), 3),
  };
};
