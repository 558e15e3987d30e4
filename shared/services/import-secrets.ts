import { openBlob, sealBlob } from '#shared/crypto/blob-encryption';
import { unwrapDataKey } from '#shared/crypto/tenant-keyring';
import { getTenantKeyring } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * An import's file, its rows and its failed rows' cells hold personal data: they are kept sealed
 * under the tenant's data key (like customer fields), each part bound to its import and place.
 */
const dataKeyOf = (scope: TenantScope) => unwrapDataKey(scope.tenantId, () => getTenantKeyring(scope));

export const sealImportPart = async (scope: TenantScope, place: { importId: string; part: string }, bytes: Buffer): Promise<Buffer> =>
  sealBlob(await dataKeyOf(scope), { tenantId: scope.tenantId, owner: place.importId, part: place.part }, bytes);

export const openImportPart = async (scope: TenantScope, place: { importId: string; part: string }, sealed: Uint8Array): Promise<Buffer> =>
  openBlob(await dataKeyOf(scope), { tenantId: scope.tenantId, owner: place.importId, part: place.part }, sealed);

export const sealImportJson = async (scope: TenantScope, place: { importId: string; part: string }, value: unknown): Promise<Buffer> =>
  sealImportPart(scope, place, Buffer.from(JSON.stringify(value), 'utf8'));

export const openImportJson = async <T>(scope: TenantScope, place: { importId: string; part: string }, sealed: Uint8Array): Promise<T> =>
  JSON.parse((await openImportPart(scope, place, sealed)).toString('utf8')) as T;
