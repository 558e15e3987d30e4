import { DeliverySchema, ListDeliveriesQuerySchema } from '#shared/domain/webhooks';
import { pageSchemaOf } from '#shared/http/pagination';
import { WebhookPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { listEndpointDeliveries, presentDelivery } from '#shared/services/webhook-deliveries';
import { route } from '../http-route.ts';

export const handler = route('list-deliveries', {
  params: WebhookPathSchema,
  query: ListDeliveriesQuerySchema,
  list: true,
  response: { 200: pageSchemaOf(DeliverySchema) },
  handle: async ({ caller, params, query, page, listed }) =>
    ok(await listed(await listEndpointDeliveries(caller, { webhookId: params.webhookId, status: query.status, page }), presentDelivery)),
});
