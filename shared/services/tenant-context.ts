import { isDossierError, notFound } from '#shared/domain/errors';
import type { Tenant } from '#shared/domain/tenant';
import { getTenant } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * The tenant's profile and settings, cached per process for a short while: most requests need
 * its country, currency or rules, and reading them each time would add a read to every request.
 * A settings change reaches other warm functions within `TENANT_CACHE_MS`. Whether the tenant may
 * be served at all is not taken from here: authentication reads its status afresh on every
 * request, so a closing tenant is refused at once however long a copy lives here. Consumers and
 * jobs that ask `activeTenantOf` may see a closing tenant as active for up to `TENANT_CACHE_MS`
 * in a process other than the one that closed it (which forgets its copy at once).
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

/** The tenant, or undefined once it is closing or closed: what consumers and jobs serve no more. */
export const activeTenantOf = async (scope: TenantScope): Promise<Tenant | undefined> => {
  try {
    return await tenantOf(scope);
  } catch (error) {
    if (isDossierError(error) && error.code === 'not-found') return undefined;
    throw error;
  }
};
