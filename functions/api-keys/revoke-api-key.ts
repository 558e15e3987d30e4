import * as z from 'zod';
import { idSchema } from '#shared/domain/values';
import { noContent } from '#shared/http/responses';
import { revokeTenantApiKey } from '#shared/services/api-keys';
import { route } from '../http-route.ts';

export const handler = route('revoke-api-key', {
  params: z.object({ keyId: idSchema('apiKey') }),
  handle: async (request) => {
    await revokeTenantApiKey(request.scope, request.principal, request.params.keyId, request);
    return noContent();
  },
});
