import { CustomerSummarySchema } from '#shared/domain/customer-view';
import { pageSchemaOf } from '#shared/http/pagination';
import { SegmentPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { listSegmentCustomers } from '#shared/services/segment-members';
import { route } from '../http-route.ts';

export const handler = route('list-segment-customers', {
  params: SegmentPathSchema,
  list: true,
  response: { 200: pageSchemaOf(CustomerSummarySchema) },
  handle: async ({ caller, params, page, listed }) => ok(await listed(await listSegmentCustomers(caller, { segmentId: params.segmentId, page }), (customer) => customer)),
});
