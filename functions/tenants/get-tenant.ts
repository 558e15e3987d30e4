import { ok } from '#shared/http/responses';
import { readTenant } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('get-tenant', {
  handle: async ({ caller }) => {
    const tenant = await readTenant(caller);
    return ok(tenant, { version: tenant.version });
  },
});
