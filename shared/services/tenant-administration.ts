import { DossierError, notFound } from '#shared/domain/errors';
import { mergeTenantSettings, type Tenant, type TenantProfilePatch, type TenantSettingsPatch } from '#shared/domain/tenant';
import { getTenant, saveTenant } from '#shared/data/tenant-repository';
import { fieldErrorsOf } from '#shared/domain/validation';
import { auditStepOf } from './audit-trail.ts';
import { retryingRaces } from './optimistic-retry.ts';
import type { Caller } from './caller.ts';
import { forgetTenant } from './tenant-context.ts';

export const readTenant = async (caller: Pick<Caller, 'scope'>, consistent = false): Promise<Tenant> => {
  const { scope } = caller;
  const tenant = await getTenant(scope, consistent);
  if (!tenant) throw notFound('Tenant');
  return tenant;
};

/** Writes a tenant changed by `change` (from the version read), and forgets this process's cached copy. */
const changeTenant = async (
  caller: Caller,
  request: { ifMatch?: number | undefined; change: (tenant: Tenant) => Tenant; audit: { action: 'tenant.settings_updated' | 'tenant.updated'; sections: string[] } },
): Promise<Tenant> => {
  // Without If-Match a change that lost a race is made again on what won (a 412 answers only a version the client named).
  const after = await retryingRaces(
    async () => {
      const tenant = await readTenant(caller, true);
      if (request.ifMatch !== undefined && request.ifMatch !== tenant.version) throw new DossierError('precondition-failed');
      const next = { ...request.change(tenant), version: tenant.version + 1, updatedAt: caller.meta.now.toISOString() };
      await saveTenant(
        caller.scope,
        { before: tenant, after: next },
        auditStepOf(caller, request.audit.action, { target: { type: 'tenant', id: tenant.id }, details: { sections: request.audit.sections } }),
      );
      return next;
    },
    { retryStale: request.ifMatch === undefined },
  );
  forgetTenant(after.id);
  return after;
};

/**
 * Applies a settings PATCH section by section and validates the merged whole (cross-field rules
 * such as "a percent offer is at most 100"). With `If-Match`, a stale version is a 412; without it
 * the write still can't lose a concurrent change: it is conditional on the version read, and made
 * again on the newer version if another change got there first.
 */
export const updateTenantSettings = async (caller: Caller, request: { patch: TenantSettingsPatch; ifMatch?: number | undefined }): Promise<Tenant> =>
  changeTenant(caller, {
    ifMatch: request.ifMatch,
    audit: { action: 'tenant.settings_updated', sections: Object.keys(request.patch) },
    change: (tenant) => {
      const merged = mergeTenantSettings(tenant.settings, request.patch);
      if (!merged.success) throw new DossierError('validation-failed', { errors: fieldErrorsOf(merged.error.issues) });
      return { ...tenant, settings: merged.data };
    },
  });

/** Changes the tenant's name, time zone or language (its schedules follow the new zone). */
export const updateTenantProfile = async (caller: Caller, request: { patch: TenantProfilePatch; ifMatch?: number | undefined }): Promise<Tenant> =>
  changeTenant(caller, {
    ifMatch: request.ifMatch,
    audit: { action: 'tenant.updated', sections: Object.keys(request.patch) },
    change: (tenant) => ({ ...tenant, ...request.patch }),
  });
