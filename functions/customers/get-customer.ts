import * as z from 'zod';
import { ok } from '#shared/http/responses';
import { readCustomer } from '#shared/services/customer-reads';
import { route } from '../http-route.ts';
import { CustomerPathSchema } from './customer-path.ts';

export const handler = route('get-customer', {
  params: CustomerPathSchema,
  query: z.strictObject({ reveal: z.enum(['true', 'false']).default('false') }),
  handle: async (request) => {
    const { view, version } = await readCustomer(request.scope, request.principal, request.params.customerId, request.query.reveal === 'true', request);
    return ok(view, { version });
  },
});
