import { RecoverDeliveriesSchema, RecoveredDeliveriesSchema } from '#shared/domain/webhooks';
import { WebhookPathSchema } from '#shared/http/path-schemas';
import { accepted } from '#shared/http/responses';
import { recoverDeliveries } from '#shared/services/webhook-deliveries';
import { route } from '../http-route.ts';

export const handler = route('recover-deliveries', {
  params: WebhookPathSchema,
  body: RecoverDeliveriesSchema,
  response: { 202: RecoveredDeliveriesSchema },
  handle: async ({ caller, params, body }) => accepted(await recoverDeliveries(caller, { webhookId: params.webhookId, since: body.since })),
});
