import { createHmac, timingSafeEqual } from 'node:crypto';
import { serviceKey } from './service-secret.ts';

/**
 * Keyed digests for values that must be found by equality but not read back: staff emails in
 * guard keys, sign-in throttle subjects. HMAC-SHA256 under the service's digest key, base64url.
 */
export const digestOf = async (...parts: string[]): Promise<string> =>
  createHmac('sha256', await serviceKey('digest'))
    .update(parts.join('\u0000'))
    .digest('base64url');

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);
