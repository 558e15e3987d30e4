import { RecordSchema } from '#shared/domain/records/record-kinds';
import { pageSchemaOf } from '#shared/http/pagination';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { presentRecord, timelineOf } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('get-timeline', {
  params: CustomerPathSchema,
  list: true,
  response: { 200: pageSchemaOf(RecordSchema) },
  handle: async ({ caller, params, page, listed }) => ok(await listed(await timelineOf(caller, { customerId: params.customerId, page }), presentRecord)),
});
