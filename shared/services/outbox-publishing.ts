import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { OutboxEvent } from '#shared/domain/events';
import type { RequestMeta } from '#shared/domain/request-meta';
import { appendAudit } from '#shared/data/audit-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { deletePublished, outboxItemOfStream, unpublishedOutboxItems, type OutboxItem } from '#shared/data/outbox';
import { eventBus } from '#shared/events/event-bus';
import { logger } from '#shared/runtime/logger';
import { countBusiness } from '#shared/runtime/metrics';

/** The event in API.md's field order (a stored map comes back in any order): the first object fixes the keys' order. */
const inApiOrder = (event: OutboxEvent): OutboxEvent =>
  Object.assign({ id: event.id, type: event.type, tenantId: event.tenantId, occurredAt: event.occurredAt }, event);

/**
 * Writes an outbox item's audit entry into the log, puts its events on the bus, in order, then
 * deletes the item: it is no longer owed. The entry goes first, so a bus that is down delays
 * events, never the log.
 */
const publishItem = async (item: OutboxItem): Promise<void> => {
  if (item.audit) await appendAudit(scopeOfTenant(item.tenantId), item.audit);
  if (item.events.length > 0) await eventBus().publish(item.events.map(inApiOrder));
  countBusiness('EventsPublished', item.events.length);
  await deletePublished(item.key);
};

/**
 * The outbox's second half. A change and its events were written in one transaction; the table's
 * stream brings each new outbox item here. On a failure the batch stops and reports that record
 * (ReportBatchItemFailures): the stream hands it and everything after it back, so an event may be
 * published twice, never lost — consumers are idempotent on its id. A record the stream gives up
 * on stays unpublished in the outbox, where `sweepOutbox` finds it.
 */
export const publishChanges = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const item = outboxItemOfStream(record);
    if (!item) continue;
    try {
      await publishItem(item);
    } catch (error) {
      logger.error('Publishing events failed', { eventIds: item.events.map((published) => published.id), error: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};

/**
 * The `republish-events` job: every outbox item still unpublished a few minutes after its change
 * (the stream failed it until it gave up, or its function was down) is published now. Reads each
 * tenant's partition of unpublished changes (one Query each, usually empty); an item published
 * meanwhile by the stream is published twice at most.
 */
export const sweepOutbox = async (job: RequestMeta): Promise<{ republished: number; failed: number }> => {
  let republished = 0;
  let failed = 0;
  for await (const item of unpublishedOutboxItems(job.now)) {
    try {
      await publishItem(item);
      republished += 1;
    } catch (error) {
      // One item's failure (the bus still down) leaves it for the next run; the others go on.
      failed += 1;
      logger.warn('Republishing events failed', { key: item.key.PK, error: (error as Error).message });
    }
  }
  return { republished, failed };
};
