import { CustomerPathSchema } from '#shared/http/path-schemas';
import { noContent } from '#shared/http/responses';
import { eraseCustomer } from '#shared/services/customer-erasure';
import { route } from '../http-route.ts';

export const handler = route('erase-customer', {
  params: CustomerPathSchema,
  response: { 204: null },
  handle: async ({ caller, params }) => {
    await eraseCustomer(caller, params);
    return noContent();
  },
});
