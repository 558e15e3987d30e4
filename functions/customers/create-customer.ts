import { created } from '#shared/http/responses';
import { createCustomer } from '#shared/services/customer-writes';
import { route } from '../http-route.ts';
import { CustomerInputDoc, customerInputFor } from './customer-path.ts';

export const handler = route('create-customer', {
  body: CustomerInputDoc,
  bodyFor: customerInputFor,
  handle: async (request) => {
    const customer = await createCustomer(request.scope, request.principal, request.body, request);
    return created(customer, { version: customer.version, location: `/v1/customers/${customer.id}` });
  },
});
