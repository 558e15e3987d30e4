import { ok } from '#shared/http/responses';
import { updateCustomer } from '#shared/services/customer-writes';
import { route } from '../http-route.ts';
import { CustomerPatchDoc, CustomerPathSchema, customerPatchFor } from './customer-path.ts';

export const handler = route('update-customer', {
  params: CustomerPathSchema,
  body: CustomerPatchDoc,
  bodyFor: customerPatchFor,
  handle: async (request) => {
    const { view, version } = await updateCustomer(request.scope, request.principal, request.params.customerId, request.body, request.ifMatch, request);
    return ok(view, { version });
  },
});
