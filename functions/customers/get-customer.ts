import * as z from 'zod';
import { CustomerReadSchema } from '#shared/domain/customer-view';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readCustomer } from '#shared/services/customer-reads';
import { route } from '../http-route.ts';

export const handler = route('get-customer', {
  params: CustomerPathSchema,
  query: z.strictObject({ reveal: z.enum(['true', 'false']).default('false').describe('true: the sensitive fields in the clear (customers:reveal; audited)') }),
  response: { 200: CustomerReadSchema },
  handle: async ({ caller, params, query }) => {
    const { view, version } = await readCustomer(caller, { customerId: params.customerId, reveal: query.reveal === 'true' });
    return ok(view, { version });
  },
});
