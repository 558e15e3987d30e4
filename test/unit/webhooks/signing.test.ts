import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DossierError } from '#shared/domain/errors';
import { signatureHeader, webhookHeaders } from '#shared/webhooks/signing';
import { isWebhookSecret, newWebhookSecret } from '#shared/webhooks/webhook-secrets';

const event = {
  id: 'evt_01JQ7Z8Y6X5W4V3T2S1R0QPNMK',
  type: 'customer.created',
  tenantId: 'ten_01JQ7Z8Y6X5W4V3T2S1R0QPNMA',
  occurredAt: '2026-03-15T09:00:00.000Z',
  data: { customerId: 'cus_01JQ7Z8Y6X5W4V3T2S1R0QPNMB', phone: '+86 138****5678' },
};
const body = JSON.stringify(event);

// standardwebhooks refuses timestamps more than five minutes from its own clock.
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('newWebhookSecret', () => {
  it('mints whsec_ secrets of 32 random bytes, each different', () => {
    const secrets = [newWebhookSecret(), newWebhookSecret()];

    expect(secrets[0]).not.toBe(secrets[1]);
    for (const secret of secrets) {
      expect(secret.startsWith('whsec_')).toBe(true);
      expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
      expect(isWebhookSecret(secret)).toBe(true);
    }
  });
});

describe('isWebhookSecret', () => {
  it('accepts keys from 24 to 64 bytes, as the specification allows', () => {
    expect(isWebhookSecret(`whsec_${randomBytes(24).toString('base64')}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${randomBytes(64).toString('base64')}`)).toBe(true);
  });

  it.each([
    ['a key of 23 bytes', `whsec_${randomBytes(23).toString('base64')}`],
    ['a key of 65 bytes', `whsec_${randomBytes(65).toString('base64')}`],
    ['a missing prefix', randomBytes(32).toString('base64')],
    ['base64url instead of base64', `whsec_${Buffer.alloc(32, 0xfb).toString('base64url')}`],
    ['text that is not base64', 'whsec_this is not base64 at all, not even close!!'],
    ['an API key', 'dsk_not_a_webhook_secret'],
  ])('refuses %s', (_, secret) => {
    expect(isWebhookSecret(secret)).toBe(false);
  });
});

describe('signatureHeader', () => {
  it('signs so that the standardwebhooks package verifies the message', () => {
    const secret = newWebhookSecret();
    const timestamp = nowSeconds();

    const signature = signatureHeader([secret], event.id, timestamp, body);

    const verified = new Webhook(secret).verify(body, {
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verified).toEqual(event);
  });

  it('signs with both secrets during a rotation, and a receiver holding either one verifies', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const timestamp = nowSeconds();

    const signature = signatureHeader([newSecret, oldSecret], event.id, timestamp, body);

    const headers = { 'webhook-id': event.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    expect(signature.split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(event);
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(event);
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('fails verification when the body was changed on the way', () => {
    const secret = newWebhookSecret();
    const timestamp = nowSeconds();
    const signature = signatureHeader([secret], event.id, timestamp, body);

    const tampered = body.replace('customer.created', 'customer.erased');

    expect(() =>
      new Webhook(secret).verify(tampered, {
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      }),
    ).toThrow(WebhookVerificationError);
  });

  it('fails verification when the signature is replayed under another message id or time', () => {
    const secret = newWebhookSecret();
    const timestamp = nowSeconds();
    const signature = signatureHeader([secret], event.id, timestamp, body);
    const receiver = new Webhook(secret);

    const otherId = { 'webhook-id': 'evt_other', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    const otherTime = { 'webhook-id': event.id, 'webhook-timestamp': String(timestamp - 60), 'webhook-signature': signature };

    expect(() => receiver.verify(body, otherId)).toThrow(WebhookVerificationError);
    expect(() => receiver.verify(body, otherTime)).toThrow(WebhookVerificationError);
  });

  it.each([
    ['no secret', [] as string[], 1_773_565_200],
    ['a malformed secret', ['whsec_short'], 1_773_565_200],
    ['a fractional timestamp', [newWebhookSecret()], 1_773_565_200.5],
  ])('refuses to sign with %s', (_, secrets, timestamp) => {
    expect(() => signatureHeader(secrets, event.id, timestamp, body)).toThrow(DossierError);
  });
});

describe('webhookHeaders', () => {
  it('gives a receiver every header it needs to verify the delivery', () => {
    const secret = newWebhookSecret();
    const timestampSeconds = nowSeconds();

    const headers = webhookHeaders({ secrets: [secret], messageId: event.id, timestampSeconds, body });

    expect(headers).toEqual({
      'webhook-id': event.id,
      'webhook-timestamp': String(timestampSeconds),
      'webhook-signature': expect.stringMatching(/^v1,/),
      'content-type': 'application/json',
      'user-agent': 'Dossier-Webhooks/1',
    });
    expect(new Webhook(secret).verify(body, headers)).toEqual(event);
  });
});
