import * as z from 'zod';
import { CustomerSchema } from '#shared/domain/customer-view';
import { idSchemaFor } from '#shared/domain/values';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { mergeCustomers } from '#shared/services/customer-merge';
import { route } from '../http-route.ts';

export const handler = route('merge-customers', {
  params: CustomerPathSchema,
  body: z.strictObject({ sourceCustomerId: idSchemaFor('customer') }),
  response: { 200: CustomerSchema },
  handle: async ({ caller, params, body }) => {
    const customer = await mergeCustomers(caller, { targetId: params.customerId, sourceId: body.sourceCustomerId });
    return ok(customer, { version: customer.version });
  },
});
