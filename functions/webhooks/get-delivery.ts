import { DeliverySchema } from '#shared/domain/webhooks';
import { DeliveryPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { presentDelivery, readDelivery } from '#shared/services/webhook-deliveries';
import { route } from '../http-route.ts';

export const handler = route('get-delivery', {
  params: DeliveryPathSchema,
  response: { 200: DeliverySchema },
  handle: async ({ caller, params }) => ok(presentDelivery(await readDelivery(caller, params))),
});
