import { ok } from '#shared/http/responses';
import { readTenant } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('get-tenant', {
  handle: async ({ scope }) => {
    const tenant = await readTenant(scope);
    return ok(tenant, { version: tenant.version });
  },
});
