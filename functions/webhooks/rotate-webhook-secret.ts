import { WebhookWithSecretSchema } from '#shared/domain/webhooks';
import { WebhookPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { rotateWebhookSecret } from '#shared/services/webhook-endpoints';
import { route } from '../http-route.ts';

export const handler = route('rotate-webhook-secret', {
  params: WebhookPathSchema,
  response: { 200: WebhookWithSecretSchema },
  handle: async ({ caller, params }) => {
    const webhook = await rotateWebhookSecret(caller, params);
    return ok(webhook, { version: webhook.version });
  },
});
