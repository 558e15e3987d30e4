import { permissionsOf, type Principal } from '#shared/domain/access';
import { publicApiKey, type ApiKey, type CreateApiKey } from '#shared/domain/api-key';
import { DossierError } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { mintApiKey } from '#shared/crypto/api-key-secrets';
import { createApiKey, revokeApiKey } from '#shared/data/api-key-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { newId } from '#shared/runtime/ids';
import { actorOf } from '#shared/domain/access';
import { auditStepOf } from './audit-trail.ts';

/** Issues a key whose scopes the caller holds itself; the secret is shown in this answer only. */
export const issueApiKey = async (scope: TenantScope, principal: Principal, input: CreateApiKey, meta: RequestMeta) => {
  const held = permissionsOf(principal);
  const beyond = input.scopes.filter((wanted) => !held.includes(wanted));
  if (beyond.length > 0) throw new DossierError('forbidden', { detail: `You can't grant ${beyond.join(', ')}` });
  const key: ApiKey = {
    id: newId('apiKey', meta.now.getTime()),
    tenantId: scope.tenantId,
    name: input.name,
    scopes: input.scopes,
    createdAt: meta.now.toISOString(),
    createdBy: actorOf(principal).id,
  };
  const { token, secretHash } = mintApiKey(scope.tenantId, key.id);
  await createApiKey(
    scope,
    key,
    secretHash,
    auditStepOf(scope, meta, principal, 'api_key.created', { target: { type: 'apiKey', id: key.id }, details: { scopes: key.scopes } }),
  );
  return { ...publicApiKey(key), key: token };
};

export const revokeTenantApiKey = async (scope: TenantScope, principal: Principal, keyId: string, meta: RequestMeta) =>
  revokeApiKey(scope, keyId, auditStepOf(scope, meta, principal, 'api_key.revoked', { target: { type: 'apiKey', id: keyId } }));
