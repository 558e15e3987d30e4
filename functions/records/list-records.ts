import { apiRoute } from '#shared/http/api-route';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { listRecordsOf, presentRecord } from '#shared/services/record-reads';
import { recordRoute } from '../http-route.ts';

export const handler = recordRoute((route, kind) =>
  apiRoute(route, {
    params: CustomerPathSchema,
    list: true,
    handle: async ({ caller, params, page, listed }) => ok(await listed(await listRecordsOf(caller, { kind, customerId: params.customerId, page }), presentRecord)),
  }),
);
