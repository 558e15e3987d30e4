import { ListCustomersQuerySchema } from '#shared/domain/customer';
import { CustomerSummarySchema } from '#shared/domain/customer-view';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { findCustomers } from '#shared/services/customer-reads';
import { route } from '../http-route.ts';

export const handler = route('list-customers', {
  query: ListCustomersQuerySchema,
  list: true,
  response: { 200: pageSchemaOf(CustomerSummarySchema) },
  // `?segmentId=` of no segment of the tenant.
  problems: ['not-found'],
  handle: async ({ caller, query, page, listed }) => ok(await listed(await findCustomers(caller, { query, page }), (customer) => customer)),
});
