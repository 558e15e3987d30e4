import { TenantClosingSchema } from '#shared/domain/tenant';
import { accepted, noContent } from '#shared/http/responses';
import { closeTenant } from '#shared/services/tenant-closing';
import { route } from '../http-route.ts';

/** 204 when the close is done but for the purge; 202 when part of it is left to the daily job. */
export const handler = route('delete-tenant', {
  response: { 202: TenantClosingSchema, 204: null },
  handle: async ({ caller }) => {
    const left = await closeTenant(caller);
    return left ? accepted(left) : noContent();
  },
});
