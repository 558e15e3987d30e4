import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { RequestMeta } from '#shared/domain/request-meta';
import { logger } from './logger.ts';
import { countJob, publishMetrics } from './metrics.ts';
import { traceInvocation } from './lambda-tracer.ts';

/**
 * A scheduled job's Lambda handler. The job's "now" is the EventBridge event's `time`, never the
 * wall clock: the rule fires at the instant it is due, a delayed or replayed invocation still
 * works on that instant, and a test can run the job for any moment (POST /_local/jobs/{name}).
 */
export const scheduledJob = <T>(name: string, run: (job: RequestMeta) => Promise<T>) =>
  middy<ScheduledEvent, T, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceInvocation())
    .use(publishMetrics())
    .handler(async (event, context) => {
      const now = new Date(event.time);
      logger.appendKeys({ job: name, scheduledFor: event.time });
      const started = Date.now();
      try {
        const result = await run({ requestId: context.awsRequestId, now, sourceIp: undefined, userAgent: name });
        logger.info('Job finished', { durationMs: Date.now() - started, result: result as Record<string, unknown> });
        countJob('JobsRun', name);
        return result;
      } catch (error) {
        countJob('JobErrors', name);
        logger.error('Job failed', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
        throw error;
      }
    });
