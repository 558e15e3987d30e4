import { apiRoute } from '#shared/http/api-route';
import { created } from '#shared/http/responses';
import { addCheckedRecord } from '#shared/services/record-preconditions';
import { presentRecord } from '#shared/services/record-reads';
import { routesServedBy } from '../http-route.ts';
import { bodyOf, customerPath, kindOfPath } from './record-routes.ts';

export const handler = routesServedBy('functions/records/add-record.ts')((route) => {
  const kind = kindOfPath(route.path);
  return apiRoute(route, {
    params: customerPath,
    ...bodyOf(kind),
    handle: async (request) => {
      const record = await addCheckedRecord(request.scope, request.principal, kind, request.params.customerId, request.body, request);
      return created(presentRecord(record), { version: record.version, location: `/v1/customers/${record.customerId}/${kind.name}/${record.id}` });
    },
  });
});
