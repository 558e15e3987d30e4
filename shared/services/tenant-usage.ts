import type { Plan } from '#shared/domain/tenant';
import { usageKeyOf } from '#shared/crypto/usage-keys';
import type { StartKey } from '#shared/data/pagination';
import { listTenantsWithoutUsageKey, recordUsageKey } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { usagePlans } from '#shared/usage-plans/usage-plan-providers';

/**
 * A tenant's place in its plan's usage plan: its usage key (derived from its id, never stored) is
 * registered there at sign-up, moved on a plan change, removed when it closes. The key's id is
 * what the tenant item keeps.
 */
export const enrolTenantUsage = async (tenantId: string, plan: Plan): Promise<string> =>
  usagePlans().enrolTenant(tenantId, await usageKeyOf(tenantId), plan);

export const removeTenantUsage = (usageKeyId: string): Promise<void> => usagePlans().removeTenant(usageKeyId);

/**
 * Gives every active tenant without a usage key (signed up before per-tenant throttling) one, in
 * its plan's usage plan: until then the gateway refuses its authenticated requests (403). Safe to
 * run again: a tenant that got a key meanwhile keeps its own and the one made here is removed
 * (unless it is the same key: the local adapter's ids are the tenant's).
 */
export const enrolTenantsWithoutUsageKey = async (): Promise<{ enrolled: number }> => {
  let enrolled = 0;
  let startKey: StartKey | undefined;
  do {
    const page = await listTenantsWithoutUsageKey({ limit: 100, startKey });
    for (const tenant of page.items) {
      const usageKeyId = await enrolTenantUsage(tenant.id, tenant.plan);
      const kept = await recordUsageKey(scopeOfTenant(tenant.id), usageKeyId);
      if (kept === usageKeyId) enrolled += 1;
      else await removeTenantUsage(usageKeyId);
    }
    startKey = page.lastKey;
  } while (startKey);
  return { enrolled };
};
