import { RefundSchema, refundRequestSchemaFor } from '#shared/domain/records/refunds';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { created } from '#shared/http/responses';
import { refundPurchase } from '#shared/services/purchase-refunds';
import { presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('add-refund', {
  params: CustomerPathSchema,
  body: refundRequestSchemaFor,
  response: { 201: RefundSchema },
  handle: async ({ caller, params, body }) => {
    const refund = await refundPurchase(caller, { customerId: params.customerId, body });
    return created(presentRecord(refund), { version: refund.version, location: `/v1/customers/${refund.customerId}/refunds/${refund.id}` });
  },
});
