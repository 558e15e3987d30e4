import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DossierError } from '#shared/domain/errors';
import { serviceKey } from './service-secret.ts';

/**
 * Opaque, tamper-evident list cursors: the page's last key, sealed with AES-256-GCM under the
 * service's cursor key, with the tenant and the list as additional authenticated data. Sealed, not
 * only signed: the last key is the table's own (attribute names, key strings with tenant ids), and
 * a client must learn nothing of the table from a cursor. A cursor edited, forged, or replayed on
 * another tenant or list is a 400 `invalid-cursor`, never a query DynamoDB would reject with a 500.
 *
 * A cursor is `base64url(iv ‖ tag ‖ ciphertext)`, one run of characters.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

// JSON of an array: no choice of tenant id and list identity can make two bindings the same bytes.
const aadOf = (tenantId: string, list: string): Buffer => Buffer.from(JSON.stringify(['dossier-cursor', tenantId, list]), 'utf8');

export const sealCursor = async (tenantId: string, list: string, startKey: Record<string, unknown>): Promise<string> => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await serviceKey('cursor'), iv);
  cipher.setAAD(aadOf(tenantId, list));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(startKey), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
};

export const openCursor = async (tenantId: string, list: string, cursor: string): Promise<Record<string, unknown>> => {
  const invalid = (cause?: unknown) => new DossierError('invalid-cursor', { errors: [{ path: 'cursor', message: 'Not a cursor this list issued' }], cause });
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the exact text a cursor was issued as: base64url's lenient decoding would take others.
  if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== cursor) throw invalid();
  const decipher = createDecipheriv('aes-256-gcm', await serviceKey('cursor'), bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(tenantId, list));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  let key: unknown;
  try {
    key = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8'));
  } catch (error) {
    throw invalid(error);
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  return key as Record<string, unknown>;
};
