import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { OutboxEvent } from '#shared/domain/events';
import { ulidBoundary } from '#shared/runtime/ids';
import { documentClient, tableName } from './client.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryAll, type StartKey } from './pagination.ts';
import { listClosingTenants } from './tenant-closing-repository.ts';
import { listActiveTenants } from './tenant-repository.ts';
import { scopeOfTenant, type TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/** An outbox item the stream has not published this long after its first event is swept up. */
const SWEEP_AFTER_MS = 2 * 60 * 1000;

/**
 * The events of a change as one step of the transaction that makes the change: the change and
 * its events are written together or not at all. One outbox item holds all of them (a purchase
 * can also change tier and stage), so a change is always the same number of items. DynamoDB
 * Streams carry the new item to the publisher, which publishes its events in order and deletes
 * the item. Until then it waits in its tenant's partition of unpublished changes: a stream batch
 * that kept failing (and that the stream forgets after 24 h) is found there by the sweeper, never
 * lost — and the item needs no due-work index entry to be found (docs/decisions.md).
 */
export const outboxStep = (scope: TenantScope, events: OutboxEvent[]): TransactionStep[] => {
  const first = events[0];
  if (!first) return [];
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: { ...keys.outboxEvent(scope, first.id), entity: 'event', events },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ];
};

/** The item has been published: it leaves the partition of unpublished changes (deleting what is gone already is harmless). */
export const deletePublished = async (key: ItemKey): Promise<void> => {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: key }));
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

/** Tenants whose changes may still wait in the outbox: the active ones and those being closed (both registries, never a Scan). */
async function* tenantsWithOutboxes(): AsyncGenerator<string> {
  let active: StartKey | undefined;
  do {
    const page = await listActiveTenants({ limit: 100, startKey: active });
    for (const tenant of page.items) yield tenant.id;
    active = page.lastKey;
  } while (active);
  let closing: StartKey | undefined;
  do {
    const page = await listClosingTenants({ limit: 100, startKey: closing });
    yield* page.items;
    closing = page.lastKey;
  } while (closing);
}

/**
 * Outbox items still unpublished a while after their change: what the sweeper publishes again.
 * One Query per tenant of its partition of unpublished changes, which the stream keeps empty.
 */
export async function* unpublishedOutboxItems(now: Date): AsyncGenerator<OutboxItem> {
  const before = keys.outboxSortKey(ulidBoundary(now.getTime() - SWEEP_AFTER_MS, 'first'));
  for await (const tenantId of tenantsWithOutboxes()) {
    const scope = scopeOfTenant(tenantId);
    for await (const item of queryAll(scope, { partition: keys.outboxPartition(scope), range: { before } })) {
      yield { key: { PK: String(item.PK), SK: String(item.SK) }, events: (item.events ?? []) as OutboxEvent[] };
    }
  }
}
