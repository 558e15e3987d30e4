import { apiRoute } from '#shared/http/api-route';
import { ok } from '#shared/http/responses';
import { listRecordsOf, presentRecord } from '#shared/services/record-reads';
import { routesServedBy } from '../http-route.ts';
import { customerPath, kindOfPath } from './record-routes.ts';

export const handler = routesServedBy('functions/records/list-records.ts')((route) => {
  const kind = kindOfPath(route.path);
  return apiRoute(route, {
    params: customerPath,
    list: true,
    handle: async (request) =>
      ok(await request.listed(await listRecordsOf(request.scope, kind, request.params.customerId, request.page), presentRecord)),
  });
});
