import { isId } from '#shared/domain/values';
import { DossierError } from '#shared/domain/errors';
import type { Principal } from '#shared/domain/access';

declare const scopeBrand: unique symbol;

/**
 * The tenant a repository call acts for. Only two things make one: the authenticated principal,
 * and the sign-up/sign-in services, which learn the tenant from its slug. No repository call
 * compiles without it, and every key it builds starts with this tenant's prefix.
 */
export interface TenantScope {
  readonly tenantId: string;
  readonly [scopeBrand]: true;
}

export const scopeOfTenant = (tenantId: string): TenantScope => {
  // The id becomes part of every key; a malformed one could splice another tenant's prefix.
  if (!isId('tenant', tenantId)) throw new DossierError('internal', { detail: 'Refused to scope a malformed tenant id' });
  return { tenantId } as TenantScope;
};

export const scopeOf = (principal: Principal): TenantScope => scopeOfTenant(principal.tenantId);
