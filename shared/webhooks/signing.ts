import { createHmac } from 'node:crypto';
import { DossierError } from '#shared/domain/errors';
import { isWebhookSecret, webhookSigningKey } from './webhook-secrets.ts';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `<id>.<timestamp>.<body>`, so a receiver can tell the body, the message and its time were not
 * changed or replayed from another message.
 */

// A type, not an interface, so it can be passed where a plain header record is expected.
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'content-type': 'application/json';
  'user-agent': string;
};

export interface WebhookMessage {
  /** Every secret the endpoint currently accepts: the new one and, during rotation, the old. */
  secrets: string[];
  /** The event id; receivers use it to drop a message they already handled. */
  messageId: string;
  timestampSeconds: number;
  /** The exact JSON text that is sent; signing a re-serialization would not verify. */
  body: string;
}

const userAgent = 'Dossier-Webhooks/1';

/**
 * The `webhook-signature` value: one `v1,<base64>` signature per secret, space-separated, so a
 * receiver still holding the secret from before a rotation verifies as well as one with the new.
 * Throws an `internal` DossierError on a malformed secret, an empty list or a fractional timestamp,
 * each a bug on our side rather than something to send.
 */
export const signatureHeader = (secrets: string[], messageId: string, timestampSeconds: number, body: string): string => {
  if (secrets.length === 0 || !secrets.every(isWebhookSecret)) {
    throw new DossierError('internal', { detail: 'A webhook is signed with one or more whsec_ secrets' });
  }
  if (!Number.isSafeInteger(timestampSeconds)) {
    throw new DossierError('internal', { detail: 'A webhook timestamp is whole unix seconds' });
  }
  const signed = `${messageId}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', webhookSigningKey(secret)).update(signed).digest('base64')}`)
    .join(' ');
};

/** The headers of one delivery attempt; each attempt is signed afresh with its own timestamp. */
export const webhookHeaders = ({ secrets, messageId, timestampSeconds, body }: WebhookMessage): WebhookHeaders => ({
  'webhook-id': messageId,
  'webhook-timestamp': String(timestampSeconds),
  'webhook-signature': signatureHeader(secrets, messageId, timestampSeconds, body),
  'content-type': 'application/json',
  'user-agent': userAgent,
});
