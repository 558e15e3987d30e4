import type { Principal } from '#shared/domain/access';
import { apiKeySecretMatches, isApiKeyToken, parseApiKey } from '#shared/crypto/api-key-secrets';
import { readSessionToken } from '#shared/crypto/session-tokens';
import { getApiKeyForAuth } from '#shared/data/api-key-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { getUser } from '#shared/data/user-repository';

/**
 * Who is calling, from an `Authorization: Bearer …` header: a staff session token or an API key.
 * Both are checked against the table on every request, so a disabled user, a changed role or a
 * revoked key takes effect at once. Anything that does not check out is `undefined` (a 401).
 */
export const resolvePrincipal = async (authorization: string | undefined): Promise<Principal | undefined> => {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
  const token = match?.[1];
  if (!token) return undefined;

  if (isApiKeyToken(token)) {
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    const stored = await getApiKeyForAuth(scopeOfTenant(parsed.tenantId), parsed.keyId);
    if (!stored || !apiKeySecretMatches(parsed.secret, stored.secretHash)) return undefined;
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
  const user = await getUser(scope, claims.userId);
  if (!user || user.disabled) return undefined;
  return { kind: 'user', tenantId: user.tenantId, userId: user.id, role: user.role };
};
