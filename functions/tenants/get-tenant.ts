import { TenantSchema } from '#shared/domain/tenant';
import { ok } from '#shared/http/responses';
import { readTenant } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('get-tenant', {
  response: { 200: TenantSchema },
  handle: async ({ caller }) => {
    const tenant = await readTenant(caller);
    return ok(tenant, { version: tenant.version });
  },
});
