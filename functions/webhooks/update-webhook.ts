import { WebhookSchema, webhookPatchSchemaFor } from '#shared/domain/webhooks';
import { WebhookPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { updateWebhook } from '#shared/services/webhook-endpoints';
import { webhookUrlProblem } from '#shared/webhooks/ssrf-guard';
import { route } from '../http-route.ts';

export const handler = route('update-webhook', {
  params: WebhookPathSchema,
  body: webhookPatchSchemaFor(webhookUrlProblem),
  response: { 200: WebhookSchema },
  handle: async ({ caller, params, body, ifMatch }) => {
    const webhook = await updateWebhook(caller, { webhookId: params.webhookId, patch: body, ifMatch });
    return ok(webhook, { version: webhook.version });
  },
});
