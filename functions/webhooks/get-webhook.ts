import { WebhookSchema } from '#shared/domain/webhooks';
import { WebhookPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readWebhook } from '#shared/services/webhook-endpoints';
import { route } from '../http-route.ts';

export const handler = route('get-webhook', {
  params: WebhookPathSchema,
  response: { 200: WebhookSchema },
  handle: async ({ caller, params }) => {
    const webhook = await readWebhook(caller, params);
    return ok(webhook, { version: webhook.version });
  },
});
