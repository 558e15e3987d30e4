import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DossierError } from '#shared/domain/errors';
import { config } from './config.ts';

/**
 * Per-tenant units of work. A scheduled job finds the tenants it must serve and hands each one to
 * its own unit of work: a message on the job's queue (SQS with a DLQ in AWS; the local runtime's
 * in-process queue on a laptop), so one tenant's failure is retried on its own and never stops the
 * others. A unit that is too big for one invocation (a tenant of a million customers) does a
 * chunk and sends its continuation: `step` carries where it got to.
 */
export interface TenantWork {
  job: string;
  tenantId: string;
  /** The instant of the job's event: the unit works for that "now", whenever it runs. */
  at: string;
  /** Where a chunked unit got to (a cursor, a phase, what it has counted so far). */
  step?: Record<string, unknown>;
}

export interface WorkQueue {
  send(work: TenantWork[]): Promise<void>;
}

const SEND_BATCH = 10;

/** SQS: the job's queue URL from DOSSIER_WORK_QUEUES, which the stack sets on the job's functions. */
export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly queueUrls: Readonly<Record<string, string>>,
    private readonly client: SQSClient = new SQSClient({}),
  ) {}

  async send(work: TenantWork[]): Promise<void> {
    for (let start = 0; start < work.length; start += SEND_BATCH) {
      const batch = work.slice(start, start + SEND_BATCH);
      const queueUrl = this.queueUrls[batch[0]!.job];
      if (!queueUrl || batch.some((item) => item.job !== batch[0]!.job)) {
        throw new DossierError('internal', { detail: `No work queue for ${batch.map((item) => item.job).join(', ')}` });
      }
      const result = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((item, index) => ({ Id: String(index), MessageBody: JSON.stringify(item) })) }),
      );
      if ((result.Failed?.length ?? 0) > 0) throw new DossierError('dependency-unavailable', { detail: `${result.Failed!.length} units of work were not queued` });
    }
  }
}

let registered: WorkQueue | undefined;

/** The local runtime installs its queue before it runs anything. */
export const registerWorkQueue = (queue: WorkQueue | undefined): void => {
  registered = queue;
};

export const workQueue = (): WorkQueue => (registered ??= new SqsWorkQueue(config().workQueues));
