import { notFound } from '#shared/domain/errors';
import type { Tenant } from '#shared/domain/tenant';
import { getTenant } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * The tenant's profile and settings, cached per process for a short while: most requests need
 * its country, currency or rules, and reading them each time would add a read to every request.
 * A settings change reaches other warm functions within `TENANT_CACHE_MS`.
 */
export const TENANT_CACHE_MS = 30_000;

const cache = new Map<string, { tenant: Promise<Tenant>; expiresAt: number }>();

export const tenantOf = async (scope: TenantScope, nowMs = Date.now()): Promise<Tenant> => {
  const hit = cache.get(scope.tenantId);
  if (hit && hit.expiresAt > nowMs) return hit.tenant;
  const tenant = getTenant(scope).then((found) => {
    if (!found) throw notFound('Tenant');
    return found;
  });
  cache.set(scope.tenantId, { tenant, expiresAt: nowMs + TENANT_CACHE_MS });
  tenant.catch(() => cache.delete(scope.tenantId));
  return tenant;
};

/** After a change in this process, so its own next request sees it at once. */
export const forgetTenant = (tenantId: string): void => {
  cache.delete(tenantId);
};
