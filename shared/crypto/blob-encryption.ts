import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DossierError } from '#shared/domain/errors';

/**
 * Bytes kept for a while on the way through Dossier — an uploaded spreadsheet and its rows while
 * an import runs — sealed like customer fields (AES-256-GCM under the tenant data key), so they
 * hold no plaintext personal data at rest and die with the tenant's key. The AAD binds the tenant,
 * the owner (the import) and the part, so a part can't be moved to another import or tenant.
 */
export interface BlobPlace {
  tenantId: string;
  owner: string;
  part: string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const aadOf = (place: BlobPlace): Buffer => Buffer.from(JSON.stringify(['dossier-blob', VERSION, place.tenantId, place.owner, place.part]), 'utf8');

/** `version ‖ iv ‖ tag ‖ ciphertext`. */
export const sealBlob = (dataKey: Uint8Array, place: BlobPlace, plaintext: Buffer): Buffer => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(aadOf(place));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
};

export const openBlob = (dataKey: Uint8Array, place: BlobPlace, sealed: Uint8Array): Buffer => {
  const bytes = Buffer.from(sealed);
  if (bytes[0] !== VERSION || bytes.length < 1 + IV_BYTES + TAG_BYTES) throw new DossierError('internal', { detail: `The sealed part ${place.part} is malformed` });
  const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(place));
  decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new DossierError('internal', { detail: `The sealed part ${place.part} failed to open`, cause: error });
  }
};
