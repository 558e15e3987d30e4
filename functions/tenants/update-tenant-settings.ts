import { TenantSchema, TenantSettingsPatchSchema } from '#shared/domain/tenant';
import { ok } from '#shared/http/responses';
import { updateTenantSettings } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('update-tenant-settings', {
  body: TenantSettingsPatchSchema,
  response: { 200: TenantSchema },
  handle: async ({ caller, body, ifMatch }) => {
    const tenant = await updateTenantSettings(caller, { patch: body, ifMatch });
    return ok(tenant, { version: tenant.version });
  },
});
