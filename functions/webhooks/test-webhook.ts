import { DeliverySchema } from '#shared/domain/webhooks';
import { WebhookPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { sendTestEvent } from '#shared/services/webhook-endpoints';
import { route } from '../http-route.ts';

export const handler = route('test-webhook', {
  params: WebhookPathSchema,
  response: { 200: DeliverySchema },
  handle: async ({ caller, params }) => ok(await sendTestEvent(caller, params)),
});
