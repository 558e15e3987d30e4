import { createHmac } from 'node:crypto';
import { serviceKey } from './service-secret.ts';

/**
 * A tenant's usage key: the API Gateway API key value its usage plan counts requests under, which
 * the authorizer names (`usageIdentifierKey`) for every request of the tenant. Derived, never
 * stored: an HMAC of the tenant id under a key of its own from the service secret, so the
 * authorizer needs no read to find it and the table holds no copy to leak. Nobody sends it:
 * clients authenticate with their session or `dsk_` key; this only says whose bucket a request
 * drains. 43 base64url characters after the prefix (API Gateway wants at least 20).
 */
export const usageKeyOf = async (tenantId: string): Promise<string> =>
  `dsu_${createHmac('sha256', await serviceKey('usage-key')).update(tenantId, 'utf8').digest('base64url')}`;
