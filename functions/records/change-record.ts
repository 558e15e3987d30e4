import type { z } from 'zod';
import { recordChanges, type ChangeableKind } from '#shared/domain/records/record-updates';
import { apiRoute } from '#shared/http/api-route';
import { ok } from '#shared/http/responses';
import { changeRecord } from '#shared/services/record-changes';
import { presentRecord } from '#shared/services/record-reads';
import { routesServedBy } from '../http-route.ts';
import { kindOfPath, recordPath } from './record-routes.ts';

export const handler = routesServedBy('functions/records/change-record.ts')((route) => {
  const kind = kindOfPath(route.path);
  const name = kind.name as ChangeableKind;
  return apiRoute(route, {
    params: recordPath(kind),
    body: recordChanges[name].schema as z.ZodType<unknown>,
    handle: async (request) => {
      const { customerId, recordId } = request.params;
      const record = await changeRecord(request.scope, request.principal, name, customerId, recordId, request.body, request.ifMatch, request);
      return ok(presentRecord(record), { version: record.version });
    },
  });
});
