import { randomBytes } from 'node:crypto';

/**
 * Endpoint signing secrets in the Standard Webhooks form: `whsec_` and the base64 of the key. The
 * specification allows keys of 24 to 64 bytes; ours are 32 (256 bits, SHA-256's output size), and
 * a secret of any allowed size is accepted, so one brought from another system keeps working.
 */

const prefix = 'whsec_';
const minimumKeyBytes = 24;
const maximumKeyBytes = 64;

export const newWebhookSecret = (): string => `${prefix}${randomBytes(32).toString('base64')}`;

// Node's base64 decoder skips characters it does not know and accepts unpadded or base64url input,
// so a secret is well-formed only if its key encodes back to exactly the text it was read from.
const keyText = (secret: string): string => secret.slice(prefix.length);

export const isWebhookSecret = (secret: unknown): secret is string => {
  if (typeof secret !== 'string' || !secret.startsWith(prefix)) return false;
  const key = Buffer.from(keyText(secret), 'base64');
  return key.length >= minimumKeyBytes && key.length <= maximumKeyBytes && key.toString('base64') === keyText(secret);
};

/** The HMAC key of a secret; the caller has checked it with {@link isWebhookSecret}. */
export const webhookSigningKey = (secret: string): Buffer => Buffer.from(keyText(secret), 'base64');
