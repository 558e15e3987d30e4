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
  // `segmentId` names a segment: one that does not exist is a 404, as an unknown id in a path is.
  problems: ['not-found'],
  handle: async ({ caller, query, page, listed }) => ok(await listed(await findCustomers(caller, { query, page }), (customer) => customer)),
});
