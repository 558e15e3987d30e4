import { DossierError, notFound } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { Plan } from '#shared/domain/tenant';
import { usageKeyOf } from '#shared/crypto/usage-keys';
import type { StartKey } from '#shared/data/pagination';
import { getTenantUsage, listTenantsWithoutUsageKey, recordUsageKey, saveTenantPlan } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { usagePlans } from '#shared/usage-plans/usage-plan-providers';
import { auditStepOf } from './audit-trail.ts';
import { systemCaller } from './caller.ts';

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

/**
 * Moves a tenant to another plan: an operator's act (billing decides it, not the tenant's staff;
 * `scripts/ops/change-plan.ts`). Its usage key moves to the new plan's usage plan first — the
 * gateway throttles by that — then the tenant item records the plan, with an audit entry; if that
 * write finds the tenant changed meanwhile, the key moves back. The same plan again changes nothing.
 */
export const changeTenantPlan = async (tenantId: string, to: Plan, meta: RequestMeta): Promise<{ from: Plan; to: Plan }> => {
  const scope = scopeOfTenant(tenantId);
  const tenant = await getTenantUsage(scope);
  if (!tenant) throw notFound('Tenant');
  const from = tenant.plan;
  if (from === to) return { from, to };
  if (!tenant.usageKeyId) throw new DossierError('conflict', { detail: 'The tenant has no usage key yet: run scripts/ops/enrol-usage-keys.ts first' });
  await usagePlans().moveTenant(tenant.usageKeyId, from, to);
  try {
    const audit = auditStepOf(systemCaller(scope, meta), 'tenant.updated', { target: { type: 'tenant', id: tenantId }, details: { sections: ['plan'], from, to } });
    await saveTenantPlan(scope, { from, to, now: meta.now.toISOString() }, audit);
  } catch (error) {
    await usagePlans().moveTenant(tenant.usageKeyId, to, from);
    throw error;
  }
  return { from, to };
};
