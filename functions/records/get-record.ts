import { recordKinds } from '#shared/domain/records/record-kinds';
import { apiRoute } from '#shared/http/api-route';
import { recordPathSchemaFor } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { presentRecord, readRecord } from '#shared/services/record-reads';
import { recordRoute } from '../http-route.ts';

export const handler = recordRoute((route, kind) =>
  apiRoute(route, {
    params: recordPathSchemaFor(kind),
    response: { 200: recordKinds[kind].schema },
    handle: async ({ caller, params }) => {
      const record = await readRecord(caller, { kind, ...params });
      return ok(presentRecord(record), { version: record.version });
    },
  }),
);
