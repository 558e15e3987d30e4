import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, EventBridgeEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { OutboxEvent } from '#shared/domain/events';
import type { RequestMeta } from '#shared/domain/request-meta';
import { logger } from './logger.ts';

/** An event of the bus as EventBridge hands it to a rule's target (directly, or inside an SQS message). */
export type BusEnvelope = EventBridgeEvent<string, OutboxEvent>;

export type ConsumerInput = BusEnvelope | SQSEvent;

const isQueueBatch = (input: ConsumerInput): input is SQSEvent => 'Records' in input;

/**
 * A manifest consumer's Lambda handler. Behind a queue (`viaQueue`) it gets SQS batches and
 * reports the messages it failed (partial batch response, Powertools batch), so only those come
 * back, and after five receives go to the consumer's DLQ; invoked by the rule directly it gets one
 * event. Events arrive at least once, sometimes twice: `handle` must be idempotent on the event id.
 * `E` narrows the events to those the consumer's manifest entry subscribes to (a catalogue
 * event, or the system's own work): its rules deliver nothing else.
 */
export const eventConsumer = <E extends OutboxEvent = OutboxEvent>(name: string, handle: (event: E, meta: RequestMeta) => Promise<void>) => {
  const run = (envelope: BusEnvelope, context: Context) => {
    logger.appendKeys({ consumer: name, eventId: envelope.detail.id, eventType: envelope.detail.type });
    return handle(envelope.detail as E, { requestId: context.awsRequestId, now: new Date(), sourceIp: undefined, userAgent: name });
  };
  return middy<ConsumerInput, SQSBatchResponse | void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (input, context) => {
      if (!isQueueBatch(input)) return run(input, context);
      const processor = new BatchProcessor(EventType.SQS);
      return processPartialResponse(input, (record: SQSRecord) => run(JSON.parse(record.body) as BusEnvelope, context), processor, { context });
    });
};
