import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { RequestMeta } from '#shared/domain/request-meta';
import { logger } from './logger.ts';
import { workQueue, type TenantWork } from './work-queue.ts';

/**
 * A scheduled job's per-tenant unit of work, as a queue's Lambda handler: each message is one
 * tenant (or one chunk of one), run for the instant of the job's event. A unit that answers a
 * continuation has done a chunk; the continuation is queued after it, so a failure redoes only
 * the chunk that failed. Failed messages are reported one by one (partial batch response) and,
 * after five receives, wait in the job's DLQ.
 */
export const tenantWorker = (job: string, run: (work: TenantWork, meta: RequestMeta) => Promise<TenantWork | undefined>) =>
  middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const processor = new BatchProcessor(EventType.SQS);
      const handle = async (record: SQSRecord) => {
        const work = JSON.parse(record.body) as TenantWork;
        logger.appendKeys({ job, tenantId: work.tenantId, scheduledFor: work.at });
        const next = await run(work, { requestId: context.awsRequestId, now: new Date(work.at), sourceIp: undefined, userAgent: job });
        if (next) await workQueue().send([next]);
      };
      return processPartialResponse(event, handle, processor, { context });
    });
