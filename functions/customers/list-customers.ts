import { ListCustomersQuerySchema } from '#shared/domain/customer';
import { ok } from '#shared/http/responses';
import { findCustomers } from '#shared/services/customer-reads';
import { route } from '../http-route.ts';

export const handler = route('list-customers', {
  query: ListCustomersQuerySchema,
  list: true,
  handle: async (request) =>
    ok(await request.listed(await findCustomers(request.scope, request.query, request.page), (customer) => customer)),
});
