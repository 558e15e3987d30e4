import { TenantProfilePatchSchema, TenantSchema } from '#shared/domain/tenant';
import { ok } from '#shared/http/responses';
import { updateTenantProfile } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('update-tenant', {
  body: TenantProfilePatchSchema,
  response: { 200: TenantSchema },
  handle: async ({ caller, body, ifMatch }) => {
    const tenant = await updateTenantProfile(caller, { patch: body, ifMatch });
    return ok(tenant, { version: tenant.version });
  },
});
