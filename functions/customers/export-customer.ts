import * as z from 'zod';
import { CustomerExportSchema } from '#shared/domain/customer-view';
import { listIdentityOf, pageRequestOf, sealPageKey } from '#shared/http/pagination';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { exportCustomer } from '#shared/services/customer-insights';
import { route } from '../http-route.ts';

export const handler = route('export-customer', {
  params: CustomerPathSchema,
  query: z.strictObject({ cursor: z.string().max(4096).optional() }),
  response: { 200: CustomerExportSchema },
  handle: async ({ caller, params, query }) => {
    const part = listIdentityOf('export-customer', params, {});
    const page = await pageRequestOf(caller.scope.tenantId, part, { limit: 1, cursor: query.cursor });
    const { lastKey, ...exported } = await exportCustomer(caller, { customerId: params.customerId, page });
    return ok({ ...exported, nextCursor: await sealPageKey(caller.scope.tenantId, part, lastKey) });
  },
});
