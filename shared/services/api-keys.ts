import { permissionsOf } from '#shared/domain/access';
import { publicApiKey, type ApiKey, type CreateApiKey } from '#shared/domain/api-key';
import { DossierError } from '#shared/domain/errors';
import { mintApiKey } from '#shared/crypto/api-key-secrets';
import { createApiKey, revokeApiKey } from '#shared/data/api-key-repository';
import { actorOf } from '#shared/domain/access';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';

/** Issues a key whose scopes the caller holds itself; the secret is shown in this answer only. */
export const issueApiKey = async (caller: Caller, input: CreateApiKey) => {
  const { scope, principal, meta } = caller;
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
  await createApiKey(scope, { ...key, secretHash }, auditStepOf(caller, 'api_key.created', { target: { type: 'apiKey', id: key.id }, details: { scopes: key.scopes } }));
  return { ...publicApiKey(key), key: token };
};

export const revokeTenantApiKey = async (caller: Caller, input: { keyId: string }) =>
  revokeApiKey(caller.scope, input.keyId, auditStepOf(caller, 'api_key.revoked', { target: { type: 'apiKey', id: input.keyId } }));
