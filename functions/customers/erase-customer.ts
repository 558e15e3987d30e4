import { noContent } from '#shared/http/responses';
import { eraseCustomer } from '#shared/services/customer-erasure';
import { route } from '../http-route.ts';
import { CustomerPathSchema } from './customer-path.ts';

export const handler = route('erase-customer', {
  params: CustomerPathSchema,
  handle: async (request) => {
    await eraseCustomer(request.scope, request.principal, request.params.customerId, request);
    return noContent();
  },
});
