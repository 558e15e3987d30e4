import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { OutboxEvent } from '#shared/domain/events';
import { documentClient, tableName } from './client.ts';
import { dueEntry, dueItems } from './due-work.ts';
import { dueAttributes, keys, type ItemKey } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/** How long an event stays in the outbox after it was published. */
const PUBLISHED_TTL_SECONDS = 7 * 24 * 3600;
/** An outbox item the stream has not published this long after its change is swept up. */
const SWEEP_AFTER_MS = 2 * 60 * 1000;

/**
 * The events of a change as one step of the transaction that makes the change: the change and
 * its events are written together or not at all. One outbox item holds all of them (a purchase
 * can also change tier and stage), so a change is always the same number of items. DynamoDB
 * Streams carry the new item to the publisher, which publishes its events in order and marks the
 * item published. Until then the item is due work: a stream batch that kept failing (and that the
 * stream forgets after 24 h) is found by the sweeper through the due-work index, never lost.
 */
export const outboxStep = (scope: TenantScope, events: OutboxEvent[]): TransactionStep[] => {
  const first = events[0];
  if (!first) return [];
  const sweepAt = new Date(Date.parse(first.occurredAt) + SWEEP_AFTER_MS).toISOString();
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: { ...keys.outboxEvent(scope, first.id), entity: 'event', events, ...dueEntry('outbox', { owner: scope.tenantId, id: first.id, dueAt: sweepAt }) },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ];
};

/** The item has been published: it leaves the due-work index and expires a week later. */
export const markPublished = async (key: ItemKey, now: Date): Promise<void> => {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET publishedAt = :now, #ttl = :ttl REMOVE ${dueAttributes.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': now.toISOString(), ':ttl': Math.floor(now.getTime() / 1000) + PUBLISHED_TTL_SECONDS },
      }),
    );
  } catch (error) {
    // Already gone (its TTL passed after an earlier publication): nothing left to mark.
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
};

export interface OutboxItem {
  key: ItemKey;
  events: OutboxEvent[];
}

/** The outbox item a table stream record brings, if it brings a new one. */
export const outboxItemOfStream = (record: DynamoDBRecord): OutboxItem | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'event') return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  return { key: { PK: String(item.PK), SK: String(item.SK) }, events: (item.events ?? []) as OutboxEvent[] };
};

/** Outbox items still unpublished a while after their change: what the sweeper publishes again. */
export async function* unpublishedOutboxItems(now: Date): AsyncGenerator<OutboxItem> {
  for await (const item of dueItems('outbox', now)) {
    yield { key: { PK: String(item.PK), SK: String(item.SK) }, events: (item.events ?? []) as OutboxEvent[] };
  }
}
