import { recordKinds } from '#shared/domain/records/record-kinds';
import type { TenantTerms } from '#shared/domain/tenant';
import { apiRoute } from '#shared/http/api-route';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { created } from '#shared/http/responses';
import { presentRecord } from '#shared/services/record-reads';
import { addRecord } from '#shared/services/record-writes';
import { recordRoute } from '../http-route.ts';

export const handler = recordRoute((route, kind) =>
  apiRoute(route, {
    params: CustomerPathSchema,
    body: (terms: TenantTerms) => recordKinds[kind].inputSchemaFor(terms),
    response: { 201: recordKinds[kind].schema },
    handle: async ({ caller, params, body }) => {
      const record = await addRecord(caller, { kind, customerId: params.customerId, input: body });
      return created(presentRecord(record), { version: record.version, location: `/v1/customers/${record.customerId}/${kind}/${record.id}` });
    },
  }),
);
