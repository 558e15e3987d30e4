import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ScheduleEntry } from '#functions/manifest';
import type { TenantWork, WorkQueue } from '#shared/runtime/work-queue';
import { localLogger as logger } from './local-logger.ts';
import { loadHandler } from './local-server.ts';
import { lambdaContext } from './proxy-event.ts';

type Worker = (input: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** SQS hands a failing message back this many times before it goes to the DLQ (MAX_RECEIVE_COUNT in AWS). */
const ATTEMPTS = 5;

/**
 * The local stand-in for the jobs' per-tenant SQS queues: each unit of work is handed to the job's
 * `perTenant` handler as an SQS batch of one, at once, and tried again as SQS would until it
 * succeeds or is dead-lettered. A test can make one tenant's units fail (`POST /_local/work`) to
 * watch the others go on.
 */
export class LocalWorkQueue implements WorkQueue {
  private readonly failing = new Set<string>();

  constructor(private readonly schedules: readonly ScheduleEntry[]) {}

  failTenant(job: string, tenantId: string, failing: boolean): void {
    const key = `${job}/${tenantId}`;
    if (failing) this.failing.add(key);
    else this.failing.delete(key);
  }

  async send(work: TenantWork[]): Promise<void> {
    for (const item of work) await this.run(item);
  }

  private async run(work: TenantWork): Promise<void> {
    const entry = this.schedules.find((schedule) => schedule.name === work.job);
    if (!entry?.perTenant) throw new Error(`The job ${work.job} has no per-tenant unit of work`);
    const worker = await loadHandler<Worker>(entry.perTenant);
    const input = { Records: [{ messageId: randomUUID(), body: JSON.stringify(work) }] } as SQSEvent;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        if (this.failing.has(`${work.job}/${work.tenantId}`)) throw new Error('This tenant is set to fail (POST /_local/work)');
        const result = await worker(input, lambdaContext(`${work.job}-tenant`, (entry.perTenant.timeoutSeconds ?? 300) * 1000));
        if (result.batchItemFailures.length === 0) return;
      } catch (error) {
        if (attempt === ATTEMPTS) logger.error('A unit of work kept failing; it is dead-lettered', { job: work.job, tenantId: work.tenantId, error: (error as Error).message });
      }
    }
  }
}
