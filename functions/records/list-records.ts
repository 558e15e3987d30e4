import { recordKinds } from '#shared/domain/records/record-kinds';
import { apiRoute } from '#shared/http/api-route';
import { pageSchemaOf } from '#shared/http/pagination';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { listRecordsOf, presentRecord } from '#shared/services/record-reads';
import { recordRoute } from '../http-route.ts';

export const handler = recordRoute((route, kind) =>
  apiRoute(route, {
    params: CustomerPathSchema,
    list: true,
    response: { 200: pageSchemaOf(recordKinds[kind].schema) },
    handle: async ({ caller, params, page, listed }) => ok(await listed(await listRecordsOf(caller, { kind, customerId: params.customerId, page }), presentRecord)),
  }),
);
