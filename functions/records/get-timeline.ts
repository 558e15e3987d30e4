import { ok } from '#shared/http/responses';
import { presentRecord, timelineOf } from '#shared/services/record-reads';
import { route } from '../http-route.ts';
import { customerPath } from './record-routes.ts';

export const handler = route('get-timeline', {
  params: customerPath,
  list: true,
  handle: async (request) => ok(await request.listed(await timelineOf(request.scope, request.params.customerId, request.page), presentRecord)),
});
