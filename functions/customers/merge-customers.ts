import * as z from 'zod';
import { idSchema } from '#shared/domain/values';
import { ok } from '#shared/http/responses';
import { mergeCustomers } from '#shared/services/customer-merge';
import { route } from '../http-route.ts';
import { CustomerPathSchema } from './customer-path.ts';

export const handler = route('merge-customers', {
  params: CustomerPathSchema,
  body: z.strictObject({ sourceCustomerId: idSchema('customer') }),
  handle: async (request) => {
    const customer = await mergeCustomers(request.scope, request.principal, request.params.customerId, request.body.sourceCustomerId, request);
    return ok(customer, { version: customer.version });
  },
});
