import { isWorkEvent, type OutboxEvent } from '#shared/domain/events';
import { DossierError, notFound } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { receives, RECOVER_WINDOW_MS, type Delivery, type DeliveryStatus } from '#shared/domain/webhooks';
import {
  createDelivery,
  deliveriesBetween,
  dueDeliveries,
  getDelivery,
  leaseDelivery,
  listDeliveries,
  newDelivery,
  requeueDeliveryStep,
  saveAttemptStep,
  type DeliveryRef,
  type StoredDelivery,
} from '#shared/data/delivery-repository';
import { outboxStep } from '#shared/data/outbox';
import type { PageRequest } from '#shared/data/pagination';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite, type TransactionStep } from '#shared/data/transactions';
import { allWebhooks, disableEndpointStep, endpointFailingStep, endpointHealthyStep, getWebhook, type StoredWebhook } from '#shared/data/webhook-repository';
import { newEvent } from '#shared/events/event-catalogue';
import { config } from '#shared/runtime/config';
import { logger } from '#shared/runtime/logger';
import { judgeAttempt, MAX_ATTEMPT_LOG, type EndpointChange } from '#shared/webhooks/delivery-outcome';
import { postWebhook, type DeliveryOutcome } from '#shared/webhooks/http-delivery';
import { webhookHeaders } from '#shared/webhooks/signing';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { activeTenantOf } from './tenant-context.ts';
import { openForTenant } from './tenant-secrets.ts';

/** A delivery as the API shows it, fields in a fixed order: not the payload's text, nor the schedule's bookkeeping. */
export const presentDelivery = (delivery: StoredDelivery): Omit<Delivery, 'failuresInRound'> => ({
  id: delivery.id,
  webhookId: delivery.webhookId,
  eventId: delivery.eventId,
  eventType: delivery.eventType,
  status: delivery.status,
  attempts: delivery.attempts,
  ...(delivery.lastStatusCode !== undefined ? { lastStatusCode: delivery.lastStatusCode } : {}),
  ...(delivery.nextAttemptAt !== undefined && delivery.status === 'pending' ? { nextAttemptAt: delivery.nextAttemptAt } : {}),
  createdAt: delivery.createdAt,
  updatedAt: delivery.updatedAt,
  attemptLog: delivery.attemptLog.map((attempt) => ({
    at: attempt.at,
    durationMs: attempt.durationMs,
    ...(attempt.statusCode !== undefined ? { statusCode: attempt.statusCode } : {}),
    ...(attempt.responseBody !== undefined ? { responseBody: attempt.responseBody } : {}),
    ...(attempt.error !== undefined ? { error: attempt.error } : {}),
  })),
});

export const secretPlace = (webhookId: string, path: 'secret' | 'previousSecret') => ({ owner: `webhook:${webhookId}`, path });

/** The secrets that sign now: the current one, and the previous one for 24 h after a rotation. */
const signingSecrets = async (scope: TenantScope, webhook: StoredWebhook, now: Date): Promise<string[]> => {
  const current = await openForTenant(scope, secretPlace(webhook.id, 'secret'), webhook.sealedSecret);
  const previousValid = webhook.sealedPreviousSecret && webhook.previousSecretExpiresAt && Date.parse(webhook.previousSecretExpiresAt) > now.getTime();
  if (!previousValid || !webhook.sealedPreviousSecret) return [current];
  return [current, await openForTenant(scope, secretPlace(webhook.id, 'previousSecret'), webhook.sealedPreviousSecret)];
};

const endpointSteps = (scope: TenantScope, webhookId: string, change: EndpointChange, now: Date): TransactionStep[] => {
  if (change.kind === 'healthy') return [endpointHealthyStep(scope, webhookId)];
  if (change.kind === 'failing') return [endpointFailingStep(scope, webhookId, change.since)];
  return [
    disableEndpointStep(scope, webhookId, { reason: change.reason, at: now.toISOString() }),
    ...outboxStep(scope, [newEvent(scope.tenantId, { type: 'webhook.disabled', data: { webhookId, reason: change.reason } }, now)]),
  ];
};

/** Sends one delivery to its endpoint, signed afresh, or explains why it can't be sent. */
const send = async (scope: TenantScope, delivery: StoredDelivery, webhook: StoredWebhook | undefined, now: Date): Promise<DeliveryOutcome> => {
  if (!webhook || webhook.status !== 'enabled') {
    return { kind: 'failed', reason: 'connection', message: webhook ? 'The endpoint is disabled' : 'The endpoint was deleted', durationMs: 0 };
  }
  // Signed with the wall clock: receivers reject a timestamp far from theirs. `now` (a job's
  // instant) decides only the schedule and which secrets are still valid.
  const headers = webhookHeaders({
    secrets: await signingSecrets(scope, webhook, now),
    messageId: delivery.eventId,
    timestampSeconds: Math.floor(Date.now() / 1000),
    body: delivery.payload,
  });
  return postWebhook({ url: webhook.url, headers, body: delivery.payload, allowLoopback: config().allowPrivateWebhooks });
};

/**
 * One attempt of a pending delivery that is due at `now`: leased so nobody else sends it at the
 * same time, sent, and its outcome written with the endpoint's health (and, when the endpoint is
 * given up on, its disabling and the `webhook.disabled` event) in one transaction. Answers the
 * delivery afterwards, or undefined when it was not ours to attempt.
 */
export const attemptDelivery = async (scope: TenantScope, ref: DeliveryRef, now: Date): Promise<StoredDelivery | undefined> => {
  const leaseId = await leaseDelivery(scope, ref, now);
  if (!leaseId) return undefined;
  const delivery = await getDelivery(scope, ref, true);
  if (!delivery) return undefined;
  let webhook = await getWebhook(scope, ref.webhookId, true);
  const outcome = await send(scope, delivery, webhook, now);
  let round = 0;
  return retryingRaces(async () => {
    // The endpoint as read before sending serves the first round; a lost race reads it again.
    if ((round += 1) > 1) webhook = await getWebhook(scope, ref.webhookId, true);
    const judged = judgeAttempt({ delivery, failingSince: webhook?.failingSince, outcome, at: now, random: Math.random });
    const { nextAttemptAt: _previous, ...rest } = delivery;
    const next: StoredDelivery = {
      ...rest,
      ...judged.delivery,
      attempts: delivery.attempts + 1,
      attemptLog: [...delivery.attemptLog, judged.attempt].slice(-MAX_ATTEMPT_LOG),
      updatedAt: now.toISOString(),
    };
    const endpoint = webhook?.status === 'enabled' ? endpointSteps(scope, ref.webhookId, judged.endpoint, now) : [];
    await transactWrite(scope, [saveAttemptStep(scope, next, leaseId), ...endpoint]);
    return next;
  });
};

/**
 * The `deliver-webhooks` consumer: an event of the bus becomes one delivery per enabled endpoint
 * of its tenant that asks for its type, each tried at once. A second arrival of the same event
 * finds its deliveries written and sends nothing; a delivery written but not tried (the consumer
 * failed in between) is due, and the `webhook-retries` job sends it.
 */
export const deliverEvent = async (event: OutboxEvent, meta: RequestMeta): Promise<void> => {
  // The system's own work never reaches an endpoint (the rule does not route it here either).
  if (isWorkEvent(event)) return;
  const scope = scopeOfTenant(event.tenantId);
  // A closing tenant's endpoints are disabled by its close; this covers a close still under way.
  if (!(await activeTenantOf(scope))) return;
  const endpoints = (await allWebhooks(scope)).filter((webhook) => receives(webhook, event.type));
  for (const endpoint of endpoints) {
    const delivery = newDelivery(scope, endpoint.id, event, meta.now);
    if (await createDelivery(scope, delivery)) await attemptDelivery(scope, { webhookId: endpoint.id, deliveryId: delivery.id }, meta.now);
  }
};

/** The `webhook-retries` job (every minute): every delivery due at the job's instant is attempted. */
export const runDueDeliveries = async (job: RequestMeta): Promise<{ attempted: number; succeeded: number; failed: number }> => {
  const report = { attempted: 0, succeeded: 0, failed: 0 };
  for await (const due of dueDeliveries(job.now)) {
    try {
      const scope = scopeOfTenant(due.tenantId);
      // A close stopped before it disabled the endpoints: nothing goes out until it is finished.
      if (!(await activeTenantOf(scope))) continue;
      const after = await attemptDelivery(scope, due, job.now);
      if (!after) continue;
      report.attempted += 1;
      if (after.status === 'succeeded') report.succeeded += 1;
      if (after.status === 'failed') report.failed += 1;
    } catch (error) {
      // One delivery's trouble (a table hiccup) leaves it due for the next run; the rest go on.
      logger.warn('A due delivery could not be attempted', { deliveryId: due.deliveryId, error: (error as Error).message });
    }
  }
  return report;
};

const requireEndpoint = async (caller: Caller, webhookId: string): Promise<StoredWebhook> => {
  const webhook = await getWebhook(caller.scope, webhookId, true);
  if (!webhook) throw notFound('Webhook');
  return webhook;
};

export const listEndpointDeliveries = async (caller: Caller, request: { webhookId: string; status?: DeliveryStatus | undefined; page: PageRequest }) => {
  await requireEndpoint(caller, request.webhookId);
  return listDeliveries(caller.scope, request, request.page);
};

export const readDelivery = async (caller: Caller, ref: DeliveryRef): Promise<StoredDelivery> => {
  const delivery = await getDelivery(caller.scope, ref, true);
  if (!delivery) throw notFound('Delivery');
  return delivery;
};

/** Sends a delivery again now, whatever became of it (a failed one, or one to replay). */
export const retryDelivery = async (caller: Caller, ref: DeliveryRef): Promise<StoredDelivery> => {
  const { scope, meta } = caller;
  await requireEndpoint(caller, ref.webhookId);
  const delivery = await readDelivery(caller, ref);
  await transactWrite(scope, [
    requeueDeliveryStep(scope, delivery, meta.now),
    auditStepOf(caller, 'webhook.deliveries_requeued', { target: { type: 'webhook', id: ref.webhookId }, details: { deliveries: 1 } }),
  ]);
  return (await attemptDelivery(scope, ref, meta.now)) ?? (await readDelivery(caller, ref));
};

/**
 * Re-queues every failed delivery of an endpoint whose event happened since `since` (14 days at
 * most): after an outage is fixed, the receiver gets what it missed. The deliveries are due at
 * once; the `webhook-retries` job sends them.
 */
export const recoverDeliveries = async (caller: Caller, request: { webhookId: string; since: string }): Promise<{ requeued: number }> => {
  const { scope, meta } = caller;
  await requireEndpoint(caller, request.webhookId);
  const since = new Date(request.since);
  if (since.getTime() < meta.now.getTime() - RECOVER_WINDOW_MS || since > meta.now) {
    throw new DossierError('validation-failed', { errors: [{ path: 'since', message: 'Must be within the last 14 days' }] });
  }
  let requeued = 0;
  for await (const delivery of deliveriesBetween(scope, { webhookId: request.webhookId, since, until: meta.now, status: 'failed' })) {
    await transactWrite(scope, [requeueDeliveryStep(scope, delivery, meta.now)]);
    requeued += 1;
  }
  await transactWrite(scope, [auditStepOf(caller, 'webhook.deliveries_requeued', { target: { type: 'webhook', id: request.webhookId }, details: { deliveries: requeued } })]);
  return { requeued };
};
