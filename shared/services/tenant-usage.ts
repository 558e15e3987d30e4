import type { Plan } from '#shared/domain/tenant';
import { usageKeyOf } from '#shared/crypto/usage-keys';
import { usagePlans } from '#shared/usage-plans/usage-plan-providers';

/**
 * A tenant's place in its plan's usage plan: its usage key (derived from its id, never stored) is
 * registered there at sign-up, moved on a plan change, removed when it closes. The key's id is
 * what the tenant item keeps.
 */
export const enrolTenantUsage = async (tenantId: string, plan: Plan): Promise<string> =>
  usagePlans().enrolTenant(tenantId, await usageKeyOf(tenantId), plan);

export const removeTenantUsage = (usageKeyId: string): Promise<void> => usagePlans().removeTenant(usageKeyId);
