import { ApiKeyPathSchema } from '#shared/http/path-schemas';
import { noContent } from '#shared/http/responses';
import { revokeTenantApiKey } from '#shared/services/api-keys';
import { route } from '../http-route.ts';

export const handler = route('revoke-api-key', {
  params: ApiKeyPathSchema,
  response: { 204: null },
  handle: async ({ caller, params }) => {
    await revokeTenantApiKey(caller, params);
    return noContent();
  },
});
