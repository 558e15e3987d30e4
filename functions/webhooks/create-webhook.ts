import { WebhookWithSecretSchema, webhookInputSchemaFor } from '#shared/domain/webhooks';
import { created } from '#shared/http/responses';
import { registerWebhook } from '#shared/services/webhook-endpoints';
import { webhookUrlProblem } from '#shared/webhooks/ssrf-guard';
import { route } from '../http-route.ts';

export const handler = route('create-webhook', {
  body: webhookInputSchemaFor(webhookUrlProblem),
  response: { 201: WebhookWithSecretSchema },
  handle: async ({ caller, body }) => {
    const webhook = await registerWebhook(caller, body);
    return created(webhook, { version: webhook.version, location: `/v1/webhooks/${webhook.id}` });
  },
});
