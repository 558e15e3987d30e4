import { TenantSettingsPatchSchema } from '#shared/domain/tenant';
import { ok } from '#shared/http/responses';
import { updateTenantSettings } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('update-tenant-settings', {
  body: TenantSettingsPatchSchema,
  handle: async (request) => {
    const tenant = await updateTenantSettings(request.scope, request.principal, request.body, request.ifMatch, request);
    return ok(tenant, { version: tenant.version });
  },
});
