import type { DossierEvent } from '#shared/events/event-catalogue';
import { tableName } from './client.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/** How long an event stays in the outbox after the stream has carried it on. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The event as a step of the transaction that makes the change: the change and its event are
 * written together or not at all. DynamoDB Streams carry the new item to the publisher.
 */
export const outboxStep = (scope: TenantScope, event: DossierEvent): TransactionStep => ({
  item: {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.outboxEvent(scope, event.id),
        entity: 'event',
        event,
        ttl: Math.floor(Date.parse(event.occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
});
