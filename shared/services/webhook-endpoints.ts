import { DossierError, notFound } from '#shared/domain/errors';
import type { DossierEvent } from '#shared/domain/events';
import type { Webhook, WebhookInput, WebhookPatch } from '#shared/domain/webhooks';
import { newDelivery, newDeliveryStep } from '#shared/data/delivery-repository';
import type { PageRequest } from '#shared/data/pagination';
import { transactWrite } from '#shared/data/transactions';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, saveWebhook, type StoredWebhook } from '#shared/data/webhook-repository';
import { config } from '#shared/runtime/config';
import { newId } from '#shared/runtime/ids';
import { checkWebhookHost, hostOf } from '#shared/webhooks/ssrf-guard';
import { newWebhookSecret } from '#shared/webhooks/webhook-secrets';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { openForTenant, sealForTenant } from './tenant-secrets.ts';
import { attemptDelivery, presentDelivery, secretPlace } from './webhook-deliveries.ts';

/** How long the secret before a rotation keeps signing beside the new one. */
const PREVIOUS_SECRET_MS = 24 * 3600 * 1000;
/** Registration waits this long for DNS; an unresolvable host is checked again at each delivery. */
const DNS_WAIT_MS = 2000;

/** An endpoint as the API shows it, fields in a fixed order: never a secret. */
export const presentWebhook = (webhook: StoredWebhook): Webhook => ({
  id: webhook.id,
  url: webhook.url,
  events: webhook.events,
  ...(webhook.description !== undefined ? { description: webhook.description } : {}),
  status: webhook.status,
  ...(webhook.disabledReason !== undefined ? { disabledReason: webhook.disabledReason } : {}),
  ...(webhook.failingSince !== undefined ? { failingSince: webhook.failingSince } : {}),
  version: webhook.version,
  createdAt: webhook.createdAt,
  updatedAt: webhook.updatedAt,
});

/**
 * The registration-time half of the SSRF guard that needs DNS: a host name that resolves to a
 * private, loopback or metadata address is refused (400 on `url`). The body's schema has already
 * refused such address literals and anything not https.
 */
const refuseUnsafeHost = async (url: string): Promise<void> => {
  const check = await Promise.race([
    checkWebhookHost(hostOf(new URL(url)), { allowLoopback: config().allowPrivateWebhooks }),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), DNS_WAIT_MS).unref()),
  ]);
  if (check && !check.ok && check.reason === 'refused-address') {
    throw new DossierError('validation-failed', { errors: [{ path: 'url', message: check.message }] });
  }
};

const readEndpoint = async (caller: Caller, webhookId: string): Promise<StoredWebhook> => {
  const webhook = await getWebhook(caller.scope, webhookId, true);
  if (!webhook) throw notFound('Webhook');
  return webhook;
};

/** Registers an endpoint; its secret (`whsec_…`) is in this answer only, and kept sealed. */
export const registerWebhook = async (caller: Caller, input: WebhookInput) => {
  const { scope, meta } = caller;
  await refuseUnsafeHost(input.url);
  const id = newId('webhook', meta.now.getTime());
  const secret = newWebhookSecret();
  const now = meta.now.toISOString();
  const webhook: StoredWebhook = {
    id,
    url: input.url,
    events: input.events,
    ...(input.description ? { description: input.description } : {}),
    status: 'enabled',
    version: 1,
    createdAt: now,
    updatedAt: now,
    sealedSecret: await sealForTenant(scope, secretPlace(id, 'secret'), secret),
  };
  await createWebhook(scope, webhook, auditStepOf(caller, 'webhook.created', { target: { type: 'webhook', id } }));
  return { ...presentWebhook(webhook), secret };
};

export const readWebhook = async (caller: Caller, request: { webhookId: string }) => presentWebhook(await readEndpoint(caller, request.webhookId));

export const listTenantWebhooks = (caller: Caller, request: { page: PageRequest }) => listWebhooks(caller.scope, request.page);

/** Changes an endpoint; enabling it again clears why it was disabled and its run of failures. */
export const updateWebhook = async (caller: Caller, request: { webhookId: string; patch: WebhookPatch; ifMatch?: number | undefined }) => {
  const { patch, ifMatch } = request;
  if (patch.url) await refuseUnsafeHost(patch.url);
  return retryingRaces(
    async () => {
      const before = await readEndpoint(caller, request.webhookId);
      if (ifMatch !== undefined && ifMatch !== before.version) throw new DossierError('precondition-failed');
      const after: StoredWebhook = {
        ...before,
        ...(patch.url ? { url: patch.url } : {}),
        ...(patch.events ? { events: patch.events } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.description ? { description: patch.description } : {}),
        version: before.version + 1,
        updatedAt: caller.meta.now.toISOString(),
      };
      if (patch.description === null) delete after.description;
      // Enabled again: its past failures no longer count. Disabled by a person: no reason of ours.
      if (patch.status) delete after.disabledReason;
      if (patch.status === 'enabled') delete after.failingSince;
      await saveWebhook(caller.scope, before, after, auditStepOf(caller, 'webhook.updated', { target: { type: 'webhook', id: before.id }, details: { fields: Object.keys(patch) } }));
      return presentWebhook(after);
    },
    { retryStale: ifMatch === undefined },
  );
};

/**
 * Deletes at the version it read; deliveries bump the version as they run, so a delete that lost
 * that race reads again (a DELETE names no version of its own: a 412 would mean nothing to it).
 */
export const removeWebhook = (caller: Caller, request: { webhookId: string }): Promise<void> =>
  retryingRaces(
    async () => {
      const webhook = await readEndpoint(caller, request.webhookId);
      await deleteWebhook(caller.scope, webhook, auditStepOf(caller, 'webhook.deleted', { target: { type: 'webhook', id: webhook.id } }));
    },
    { retryStale: true },
  );

/**
 * A new secret, shown in this answer only. The one it replaces keeps signing beside it for 24 h
 * (`webhook-signature` carries both), so a receiver can switch without losing a message.
 */
export const rotateWebhookSecret = async (caller: Caller, request: { webhookId: string }) => {
  const { scope, meta } = caller;
  const secret = newWebhookSecret();
  return retryingRaces(async () => {
    const before = await readEndpoint(caller, request.webhookId);
    const current = await openForTenant(scope, secretPlace(before.id, 'secret'), before.sealedSecret);
    const after: StoredWebhook = {
      ...before,
      sealedSecret: await sealForTenant(scope, secretPlace(before.id, 'secret'), secret),
      sealedPreviousSecret: await sealForTenant(scope, secretPlace(before.id, 'previousSecret'), current),
      previousSecretExpiresAt: new Date(meta.now.getTime() + PREVIOUS_SECRET_MS).toISOString(),
      version: before.version + 1,
      updatedAt: meta.now.toISOString(),
    };
    await saveWebhook(scope, before, after, auditStepOf(caller, 'webhook.secret_rotated', { target: { type: 'webhook', id: before.id } }));
    return { ...presentWebhook(after), secret };
  }, { retryStale: true });
};

/** Sends a `webhook.test` event to this endpoint only, now, and answers with its delivery. */
export const sendTestEvent = async (caller: Caller, request: { webhookId: string }) => {
  const { scope, meta } = caller;
  const webhook = await readEndpoint(caller, request.webhookId);
  const event: DossierEvent = {
    id: newId('event', meta.now.getTime()),
    type: 'webhook.test',
    tenantId: scope.tenantId,
    occurredAt: meta.now.toISOString(),
    data: { webhookId: webhook.id, message: 'A test event from Dossier' },
  };
  const delivery = newDelivery(scope, webhook.id, event, meta.now);
  await transactWrite(scope, [newDeliveryStep(scope, delivery)]);
  return presentDelivery((await attemptDelivery(scope, { webhookId: webhook.id, deliveryId: delivery.id }, meta.now)) ?? delivery);
};
