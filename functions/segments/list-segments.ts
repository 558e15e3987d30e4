import { presentSegment, SegmentSchema } from '#shared/domain/segments';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { listTenantSegments } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('list-segments', {
  list: true,
  response: { 200: pageSchemaOf(SegmentSchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await listTenantSegments(caller, { page }), presentSegment)),
});
