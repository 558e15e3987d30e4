import type { DossierEvent } from '#shared/domain/events';
import { tableName } from './client.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/** How long an event stays in the outbox after the stream has carried it on. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The events of a change as one step of the transaction that makes the change: the change and
 * its events are written together or not at all. One outbox item holds all of them (a purchase
 * can also change tier and stage), so a change is always the same number of items. DynamoDB
 * Streams carry the new item to the publisher, which publishes its events in order.
 */
export const outboxStep = (scope: TenantScope, events: DossierEvent[]): TransactionStep[] => {
  const first = events[0];
  if (!first) return [];
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.outboxEvent(scope, first.id),
            entity: 'event',
            events,
            ttl: Math.floor(Date.parse(first.occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ];
};
