import { customerPatchSchemaFor } from '#shared/domain/customer';
import { CustomerSchema } from '#shared/domain/customer-view';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { updateCustomer } from '#shared/services/customer-writes';
import { route } from '../http-route.ts';

export const handler = route('update-customer', {
  params: CustomerPathSchema,
  body: customerPatchSchemaFor,
  response: { 200: CustomerSchema },
  handle: async ({ caller, params, body, ifMatch }) => {
    const { view, version } = await updateCustomer(caller, { customerId: params.customerId, patch: body, ifMatch });
    return ok(view, { version });
  },
});
