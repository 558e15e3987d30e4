import type { Principal } from '#shared/domain/access';
import { apiKeySecretMatches, isApiKeyToken, parseApiKey } from '#shared/crypto/api-key-secrets';
import { readSessionToken } from '#shared/crypto/session-tokens';
import { getApiKeyForAuth } from '#shared/data/api-key-repository';
import { tenantIsActive } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { getUser } from '#shared/data/user-repository';

/**
 * Who is calling, from an `Authorization: Bearer …` header: a staff session token or an API key.
 * Both are checked against the table on every request, so a disabled user, a changed role or a
 * revoked key takes effect at once — and so is the tenant's status, read beside the user or key
 * (the two reads run together): a session or key of a tenant that is closing or closed is refused
 * from the moment the close is marked, in every warm function, whatever is left of its users and
 * keys. Anything that does not check out is `undefined` (a 401).
 */
export const resolvePrincipal = async (authorization: string | undefined): Promise<Principal | undefined> => {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
  const token = match?.[1];
  if (!token) return undefined;

  if (isApiKeyToken(token)) {
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    const scope = scopeOfTenant(parsed.tenantId);
    const [stored, active] = await Promise.all([getApiKeyForAuth(scope, parsed.keyId), tenantIsActive(scope)]);
    if (!stored || !apiKeySecretMatches(parsed.secret, stored.secretHash) || !active) return undefined;
    return { kind: 'apiKey', tenantId: parsed.tenantId, keyId: parsed.keyId, scopes: stored.key.scopes };
  }

  const claims = await readSessionToken(token);
  if (!claims) return undefined;
  let scope;
  try {
    scope = scopeOfTenant(claims.tenantId);
  } catch {
    return undefined;
  }
  const [user, active] = await Promise.all([getUser(scope, claims.userId), tenantIsActive(scope)]);
  if (!user || user.disabled || !active) return undefined;
  return { kind: 'user', tenantId: user.tenantId, userId: user.id, role: user.role };
};
