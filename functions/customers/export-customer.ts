import { ok } from '#shared/http/responses';
import { exportCustomer } from '#shared/services/customer-insights';
import { route } from '../http-route.ts';
import { CustomerPathSchema } from './customer-path.ts';

export const handler = route('export-customer', {
  params: CustomerPathSchema,
  handle: async (request) => ok(await exportCustomer(request.scope, request.principal, request.params.customerId, request)),
});
