import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DossierError } from '#shared/domain/errors';

/**
 * Field-level encryption of a customer's sensitive values: AES-256-GCM under the tenant data key,
 * a fresh random 96-bit IV per seal, and additional authenticated data that names the tenant, the
 * customer and the field path. The AAD is what makes a ciphertext useless anywhere but its own
 * place: copied to another customer's item (or another tenant's, or from `idNumber` into
 * `phone`), it fails to open instead of showing one customer's value on another's file.
 *
 * A sealed value is one string, fit for a DynamoDB attribute: `v1.<base64url(iv ‖ tag ‖ ciphertext)>`.
 * The version prefix leaves room for another algorithm or key generation later.
 */

/** Where a sealed value belongs: the AAD binds all three. */
export interface FieldPlace {
  tenantId: string;
  customerId: string;
  /** The field path, e.g. `phone`, `address.line1`, `contacts.0.phone`. */
  path: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const checkKey = (dataKey: Uint8Array): void => {
  if (dataKey.length !== 32) throw new DossierError('internal', { detail: 'A field key must be 256 bits' });
};

// JSON of an array is an unambiguous encoding: no choice of ids or paths can make two different
// places produce the same bytes (a plain `a:b:c` join could). The version is bound too.
const aadOf = (place: FieldPlace): Buffer =>
  Buffer.from(JSON.stringify(['dossier-field', VERSION, place.tenantId, place.customerId, place.path]), 'utf8');

/** Encrypts one field value for its place; two seals of the same value differ (random IV). */
export const sealField = (dataKey: Uint8Array, place: FieldPlace, plaintext: string): string => {
  checkKey(dataKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(aadOf(place));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
};

/**
 * Decrypts a value sealed by `sealField` for the same place. A value that is malformed, tampered
 * with, sealed under another key or for another tenant, customer or field throws `internal`; the
 * error names the field path only, never a value.
 */
export const openField = (dataKey: Uint8Array, place: FieldPlace, sealed: string): string => {
  checkKey(dataKey);
  const [version, encoded, extra] = sealed.split('.');
  const bytes = encoded === undefined ? Buffer.alloc(0) : Buffer.from(encoded, 'base64url');
  if (version !== VERSION || extra !== undefined || bytes.length < IV_BYTES + TAG_BYTES) {
    throw new DossierError('internal', { detail: `The sealed value of ${place.path} is malformed` });
  }
  const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(place));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new DossierError('internal', { detail: `The sealed value of ${place.path} failed to open`, cause: error });
  }
};

const eachField = (owner: Omit<FieldPlace, 'path'>, values: Record<string, string>, transform: (place: FieldPlace, value: string) => string) =>
  Object.fromEntries(Object.entries(values).map(([path, value]) => [path, transform({ ...owner, path }, value)]));

/** Seals each value of a `path → plaintext` map for one customer. */
export const sealFields = (dataKey: Uint8Array, owner: Omit<FieldPlace, 'path'>, values: Record<string, string>): Record<string, string> =>
  eachField(owner, values, (place, value) => sealField(dataKey, place, value));

/** Opens each value of a `path → sealed` map of one customer; any failure fails the whole map. */
export const openFields = (dataKey: Uint8Array, owner: Omit<FieldPlace, 'path'>, sealed: Record<string, string>): Record<string, string> =>
  eachField(owner, sealed, (place, value) => openField(dataKey, place, value));
