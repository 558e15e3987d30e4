import { openField, sealField } from '#shared/crypto/field-encryption';
import { unwrapDataKey } from '#shared/crypto/tenant-keyring';
import { getTenantKeyring } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * Secrets a tenant keeps with Dossier other than customer data (a webhook's signing secret),
 * sealed under the tenant's data key. The place (owner and path) is bound into the ciphertext, so
 * a sealed secret copied to another endpoint or tenant does not open.
 */
export interface SecretPlace {
  owner: string;
  path: string;
}

const dataKeyOf = (scope: TenantScope) => unwrapDataKey(scope.tenantId, () => getTenantKeyring(scope));

export const sealForTenant = async (scope: TenantScope, place: SecretPlace, value: string): Promise<string> =>
  sealField(await dataKeyOf(scope), { tenantId: scope.tenantId, customerId: place.owner, path: place.path }, value);

export const openForTenant = async (scope: TenantScope, place: SecretPlace, sealed: string): Promise<string> =>
  openField(await dataKeyOf(scope), { tenantId: scope.tenantId, customerId: place.owner, path: place.path }, sealed);
