import { WebhookPathSchema } from '#shared/http/path-schemas';
import { noContent } from '#shared/http/responses';
import { removeWebhook } from '#shared/services/webhook-endpoints';
import { route } from '../http-route.ts';

export const handler = route('delete-webhook', {
  params: WebhookPathSchema,
  response: { 204: null },
  handle: async ({ caller, params }) => {
    await removeWebhook(caller, params);
    return noContent();
  },
});
