import { customerInputSchemaFor } from '#shared/domain/customer';
import { CustomerSchema } from '#shared/domain/customer-view';
import { created } from '#shared/http/responses';
import { createCustomer } from '#shared/services/customer-writes';
import { route } from '../http-route.ts';

export const handler = route('create-customer', {
  body: customerInputSchemaFor,
  response: { 201: CustomerSchema },
  handle: async ({ caller, body }) => {
    const customer = await createCustomer(caller, body);
    return created(customer, { version: customer.version, location: `/v1/customers/${customer.id}` });
  },
});
