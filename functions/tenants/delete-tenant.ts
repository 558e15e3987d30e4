import { noContent } from '#shared/http/responses';
import { closeTenant } from '#shared/services/tenant-administration';
import { route } from '../http-route.ts';

export const handler = route('delete-tenant', {
  response: { 204: null },
  handle: async ({ caller }) => {
    await closeTenant(caller);
    return noContent();
  },
});
