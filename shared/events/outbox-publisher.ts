import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/runtime/logger';
import type { DossierEvent } from '#shared/domain/events';
import { eventBus } from './event-bus.ts';

/**
 * The outbox's second half. A change and its events were written in one transaction; the table's
 * stream brings each new outbox item here, and its events go on the bus in order. On a failure the batch stops
 * and reports that record (ReportBatchItemFailures): the stream hands it and everything after it
 * back, so an event may be published twice, never lost — consumers are idempotent on its id.
 */
export const publishOutbox = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'event') continue;
    const stored = (unmarshall(image as Record<string, AttributeValue>).events ?? []) as DossierEvent[];
    // Each in API.md's field order (a stored map comes back in any order): the first object fixes
    // the order of the keys, the event fills in their values.
    const events = stored.map((event) => Object.assign({ id: event.id, type: event.type, tenantId: event.tenantId, occurredAt: event.occurredAt }, event));
    try {
      await eventBus().publish(events);
    } catch (error) {
      logger.error('Publishing events failed', { eventIds: events.map((event) => event.id), error: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
