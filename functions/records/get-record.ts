import { apiRoute } from '#shared/http/api-route';
import { ok } from '#shared/http/responses';
import { presentRecord, readRecord } from '#shared/services/record-reads';
import { routesServedBy } from '../http-route.ts';
import { kindOfPath, recordPath } from './record-routes.ts';

export const handler = routesServedBy('functions/records/get-record.ts')((route) => {
  const kind = kindOfPath(route.path);
  return apiRoute(route, {
    params: recordPath(kind),
    handle: async (request) => {
      const record = await readRecord(request.scope, kind, request.params.customerId, request.params.recordId);
      return ok(presentRecord(record), { version: record.version });
    },
  });
});
