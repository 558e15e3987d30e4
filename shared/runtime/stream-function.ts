import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from './logger.ts';
import { publishMetrics } from './metrics.ts';
import { traceInvocation } from './lambda-tracer.ts';

/**
 * A manifest stream entry's Lambda handler: a batch of the table's stream records in, the records
 * it failed out (ReportBatchItemFailures; a whole-batch function throws instead), with the same logger context, trace segment and
 * metrics flush as every other handler. `handle` owns the batch: the order of its records
 * matters (the outbox publishes in order), so there is no per-record processor here.
 */
export const streamFunction = (name: string, handle: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>) =>
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse | void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceInvocation())
    .use(publishMetrics())
    .handler(async (event) => {
      logger.appendKeys({ stream: name });
      return handle(event);
    });
