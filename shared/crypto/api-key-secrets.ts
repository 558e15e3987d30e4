import { createHash, randomBytes } from 'node:crypto';
import { sameBytes } from './digests.ts';

/**
 * API keys read `dsk_<tenantId>_<keyId>_<secret>`: the ids say where the key's record is (one
 * GetItem in the tenant's own partition), the 256-bit secret is stored only as its SHA-256.
 */
const KEY_PATTERN = /^dsk_(ten_[0-9A-HJKMNP-TV-Z]{26})_(key_[0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  tenantId: string;
  keyId: string;
  secret: string;
}

export const isApiKeyToken = (token: string): boolean => token.startsWith('dsk_');

export const mintApiKey = (tenantId: string, keyId: string): { token: string; secretHash: string } => {
  const secret = randomBytes(32).toString('base64url');
  return { token: `dsk_${tenantId}_${keyId}_${secret}`, secretHash: hashApiKeySecret(secret) };
};

export const parseApiKey = (token: string): ParsedApiKey | undefined => {
  const match = KEY_PATTERN.exec(token);
  return match ? { tenantId: match[1]!, keyId: match[2]!, secret: match[3]! } : undefined;
};

export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export const apiKeySecretMatches = (secret: string, storedHash: string): boolean =>
  sameBytes(Buffer.from(hashApiKeySecret(secret)), Buffer.from(storedHash));
