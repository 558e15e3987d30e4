import * as z from 'zod';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { apiRoute } from '#shared/http/api-route';
import { recordPathSchemaFor } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { changeRecord } from '#shared/services/record-changes';
import { presentRecord } from '#shared/services/record-reads';
import { recordRoute } from '../http-route.ts';

export const handler = recordRoute((route, kind) =>
  apiRoute(route, {
    params: recordPathSchemaFor(kind),
    body: recordKinds[kind].update?.schema ?? z.never(),
    response: { 200: recordKinds[kind].schema },
    handle: async ({ caller, params, body, ifMatch }) => {
      const record = await changeRecord(caller, { kind, ...params, update: body, ifMatch });
      return ok(presentRecord(record), { version: record.version });
    },
  }),
);
