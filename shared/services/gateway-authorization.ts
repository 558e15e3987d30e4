import { usageKeyOf } from '#shared/crypto/usage-keys';
import { resolvePrincipal } from './authentication.ts';

/** What the gateway learns of an authenticated request before any function runs. */
export interface GatewayAuthorization {
  /** The caller: `<tenantId>/<userId or keyId>`. */
  principalId: string;
  /** The tenant's usage key: whose usage plan bucket the request drains (API Gateway `usageIdentifierKey`). */
  usageIdentifierKey: string;
  tenantId: string;
}

/**
 * The gateway's check of an `Authorization` header: the same `resolvePrincipal` the functions'
 * authenticate middleware runs, and the usage key of the caller's tenant. Undefined for a caller
 * that does not check out (401). API Gateway keeps the answer for the authorizer's cache TTL, so
 * the functions still check the principal and its permission on every request: a revoked key or a
 * closed tenant is refused at once there, and at the gateway once the cached answer expires.
 */
export const authorizeGatewayRequest = async (authorization: string | undefined): Promise<GatewayAuthorization | undefined> => {
  const principal = await resolvePrincipal(authorization);
  if (!principal) return undefined;
  return {
    principalId: `${principal.tenantId}/${principal.kind === 'user' ? principal.userId : principal.keyId}`,
    usageIdentifierKey: await usageKeyOf(principal.tenantId),
    tenantId: principal.tenantId,
  };
};
