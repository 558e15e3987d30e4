import { ListCustomersQuerySchema } from '#shared/domain/customer';
import { ok } from '#shared/http/responses';
import { findCustomers } from '#shared/services/customer-reads';
import { route } from '../http-route.ts';

export const handler = route('list-customers', {
  query: ListCustomersQuerySchema,
  list: true,
  handle: async ({ caller, query, page, listed }) => ok(await listed(await findCustomers(caller, { query, page }), (customer) => customer)),
});
