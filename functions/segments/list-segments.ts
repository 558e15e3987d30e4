import { presentSegment } from '#shared/domain/segments';
import { ok } from '#shared/http/responses';
import { listTenantSegments } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('list-segments', {
  list: true,
  handle: async ({ caller, page, listed }) => ok(await listed(await listTenantSegments(caller, { page }), presentSegment)),
});
