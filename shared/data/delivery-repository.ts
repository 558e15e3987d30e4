import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DossierError } from '#shared/domain/errors';
import type { DossierEvent } from '#shared/domain/events';
import type { Delivery, DeliveryStatus } from '#shared/domain/webhooks';
import { ulidBoundary } from '#shared/runtime/ids';
import { documentClient, readItem, tableName } from './client.ts';
import { dueEntry, dueItems } from './due-work.ts';
import { keys } from './keys.ts';
import { queryAll, queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, type TransactionStep } from './transactions.ts';

/**
 * Deliveries of events to one endpoint, in the endpoint's partition, newest first. A pending
 * delivery is due work (`nextAttemptAt` in the time-bucketed index the `webhook-retries` job
 * reads); an attempt first takes a short lease on it, so the consumer, the job and a manual retry
 * never send one delivery twice at once.
 */
export interface StoredDelivery extends Delivery {
  tenantId: string;
  /** The exact JSON text of the event, as signed and sent on every attempt. */
  payload: string;
}

export interface DeliveryRef {
  webhookId: string;
  deliveryId: string;
}

const LEASE_MS = 60_000;

const itemAttributes = new Set(['PK', 'SK', 'entity', 'GSI5PK', 'GSI5SK', 'leaseId', 'leaseUntil']);

const deliveryOf = (item: Item): StoredDelivery => Object.fromEntries(Object.entries(item).filter(([name]) => !itemAttributes.has(name))) as StoredDelivery;

const itemOf = (scope: TenantScope, delivery: StoredDelivery) => ({
  ...keys.delivery(scope, delivery.webhookId, delivery.id),
  entity: 'delivery',
  ...delivery,
  ...(delivery.status === 'pending' && delivery.nextAttemptAt
    ? dueEntry('webhook', { owner: scope.tenantId, id: `${delivery.webhookId}#${delivery.id}`, dueAt: delivery.nextAttemptAt })
    : {}),
});

/** A new delivery of `event`, due at once. */
export const newDelivery = (scope: TenantScope, webhookId: string, event: DossierEvent, now: Date): StoredDelivery => ({
  id: `dlv_${event.id.slice(event.id.indexOf('_') + 1)}`,
  tenantId: scope.tenantId,
  webhookId,
  eventId: event.id,
  eventType: event.type,
  status: 'pending',
  attempts: 0,
  attemptLog: [],
  failuresInRound: 0,
  nextAttemptAt: now.toISOString(),
  payload: JSON.stringify(event),
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

/** Writes a new delivery unless this event already has one for this endpoint (events come twice). */
export const createDelivery = async (scope: TenantScope, delivery: StoredDelivery): Promise<boolean> => {
  try {
    await documentClient(scope).send(new PutCommand({ TableName: tableName(), Item: itemOf(scope, delivery), ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

export const getDelivery = async (scope: TenantScope, ref: DeliveryRef, consistent = false): Promise<StoredDelivery | undefined> => {
  const item = await readItem(scope, keys.delivery(scope, ref.webhookId, ref.deliveryId), { consistent });
  return item ? deliveryOf(item) : undefined;
};

export const listDeliveries = (scope: TenantScope, query: { webhookId: string; status?: DeliveryStatus | undefined }, page: PageRequest): Promise<Page<StoredDelivery>> =>
  queryPage(
    scope,
    {
      partition: keys.deliveriesPartition(scope, query.webhookId),
      newestFirst: true,
      filters: query.status ? [{ path: ['status'], equals: query.status }] : [],
      page,
    },
    deliveryOf,
  );

/** Deliveries of an endpoint whose events happened between `since` and `until` (a key range). */
export async function* deliveriesBetween(scope: TenantScope, query: { webhookId: string; since: Date; until: Date; status: DeliveryStatus }): AsyncGenerator<StoredDelivery> {
  for await (const item of queryAll(scope, {
    partition: keys.deliveriesPartition(scope, query.webhookId),
    range: { between: [keys.deliverySortKey(ulidBoundary(query.since.getTime(), 'first')), keys.deliverySortKey(ulidBoundary(query.until.getTime(), 'last'))] },
    filters: [{ path: ['status'], equals: query.status }],
  })) {
    yield deliveryOf(item);
  }
}

/**
 * Takes the delivery for one attempt if it is pending and due at `now` and nobody holds it:
 * answers the lease's id, or undefined when someone else has it or it is not due.
 */
export const leaseDelivery = async (scope: TenantScope, ref: DeliveryRef, now: Date): Promise<string | undefined> => {
  const leaseId = crypto.randomUUID();
  try {
    await documentClient(scope).send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.delivery(scope, ref.webhookId, ref.deliveryId),
        UpdateExpression: 'SET leaseId = :lease, leaseUntil = :until',
        ConditionExpression: '#status = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :wall)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':lease': leaseId,
          ':until': Date.now() + LEASE_MS,
          ':wall': Date.now(),
          ':pending': 'pending',
          ':now': now.toISOString(),
        },
      }),
    );
    return leaseId;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
};

/** The delivery after an attempt, written only by the holder of the lease (the lease is released). */
export const saveAttemptStep = (scope: TenantScope, delivery: StoredDelivery, leaseId: string): TransactionStep => ({
  item: {
    Put: {
      TableName: tableName(),
      Item: itemOf(scope, delivery),
      ConditionExpression: 'leaseId = :lease',
      ExpressionAttributeValues: { ':lease': leaseId },
    },
  },
  onConditionFailed: () => new DossierError('conflict', { detail: 'The delivery was taken over by another attempt' }),
});

/** Queues a delivery again, due at `now` (a manual retry, a recover): any status but one in flight. */
export const requeueDeliveryStep = (scope: TenantScope, delivery: StoredDelivery, now: Date): TransactionStep => ({
  item: {
    Put: {
      TableName: tableName(),
      Item: itemOf(scope, { ...delivery, status: 'pending', failuresInRound: 0, nextAttemptAt: now.toISOString(), updatedAt: now.toISOString() }),
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :wall)',
      ExpressionAttributeValues: { ':wall': Date.now() },
    },
  },
  onConditionFailed: () => new DossierError('conflict', { detail: 'This delivery is being attempted right now' }),
});

/** Pending deliveries of every tenant due at `now`: the `webhook-retries` job's work. */
export async function* dueDeliveries(now: Date): AsyncGenerator<{ tenantId: string } & DeliveryRef> {
  for await (const item of dueItems('webhook', now)) {
    yield { tenantId: String(item.tenantId), webhookId: String(item.webhookId), deliveryId: String(item.id) };
  }
}

/** A new delivery as a transaction step (the test event: written and attempted by the request). */
export const newDeliveryStep = (scope: TenantScope, delivery: StoredDelivery): TransactionStep => putIfNew(itemOf(scope, delivery));
