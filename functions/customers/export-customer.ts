import { CustomerExportSchema } from '#shared/domain/customer-view';
import { CustomerPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { exportCustomer } from '#shared/services/customer-insights';
import { route } from '../http-route.ts';

export const handler = route('export-customer', {
  params: CustomerPathSchema,
  response: { 200: CustomerExportSchema },
  handle: async ({ caller, params }) => ok(await exportCustomer(caller, params)),
});
