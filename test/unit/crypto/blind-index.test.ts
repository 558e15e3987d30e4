import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindBirthday, blindValue } from '#shared/crypto/blind-index';
import { sealField } from '#shared/crypto/field-encryption';
import { DossierError } from '#shared/domain/errors';
import { newId } from '#shared/runtime/ids';

const indexKey = randomBytes(32);
const otherTenantIndexKey = randomBytes(32);

describe('blindValue', () => {
  it('blinds the same phone to the same index, though its two seals differ', () => {
    const place = { tenantId: newId('tenant'), customerId: newId('customer'), path: 'phone' };
    const seals = [sealField(randomBytes(32), place, '+8613812345678'), sealField(randomBytes(32), place, '+8613812345678')];

    const indexes = [blindValue(indexKey, 'phone', '+8613812345678'), blindValue(indexKey, 'phone', '+8613812345678')];

    expect(seals[0]).not.toBe(seals[1]);
    expect(indexes[0]).toBe(indexes[1]);
  });

  it('writes 128 bits as 22 base64url characters, safe inside a table key', () => {
    const index = blindValue(indexKey, 'email', 'zhang.wei@example.com');

    expect(index).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('blinds the same phone differently in another tenant', () => {
    const ours = blindValue(indexKey, 'phone', '+8613812345678');

    const theirs = blindValue(otherTenantIndexKey, 'phone', '+8613812345678');

    expect(theirs).not.toBe(ours);
  });

  it('blinds the same string differently as another kind', () => {
    const value = 'zhang.wei@example.com';

    const asEmail = blindValue(indexKey, 'email', value);
    const asExternalId = blindValue(indexKey, 'externalId:shopify', value);
    const asOtherSystem = blindValue(indexKey, 'externalId:erp', value);

    expect(new Set([asEmail, asExternalId, asOtherSystem]).size).toBe(3);
  });

  it('finds an email however it was capitalized or padded', () => {
    const stored = blindValue(indexKey, 'email', 'zhang.wei@example.com');

    const looked = blindValue(indexKey, 'email', '  Zhang.Wei@Example.COM ');

    expect(looked).toBe(stored);
  });

  it('tells different phones apart', () => {
    expect(blindValue(indexKey, 'phone', '+8613812345678')).not.toBe(blindValue(indexKey, 'phone', '+8613812345679'));
  });

  it('refuses a phone that is not E.164, without echoing it', () => {
    let caught: unknown;

    try {
      blindValue(indexKey, 'phone', '138 1234 5678');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(DossierError);
    expect((caught as DossierError).code).toBe('internal');
    expect((caught as DossierError).message).not.toContain('1234');
  });

  it('refuses an external id system that could not be a label', () => {
    expect(() => blindValue(indexKey, 'externalId:Bad System', '42')).toThrow(DossierError);
  });

  it('refuses a key that is not 256 bits', () => {
    expect(() => blindValue(randomBytes(16), 'email', 'a@example.com')).toThrow(DossierError);
  });
});

describe('blindBirthday', () => {
  it('gives everyone born on the same month and day the same index, whatever the year', () => {
    const born1990 = blindBirthday(indexKey, '1990-03-15');

    const born2001 = blindBirthday(indexKey, '2001-03-15');
    const today = blindBirthday(indexKey, '03-15');

    expect(born2001).toBe(born1990);
    expect(today).toBe(born1990);
  });

  it('tells neighbouring days apart', () => {
    expect(blindBirthday(indexKey, '1990-03-15')).not.toBe(blindBirthday(indexKey, '1990-03-16'));
  });

  it('indexes 29 February as its own day', () => {
    expect(blindBirthday(indexKey, '2000-02-29')).not.toBe(blindBirthday(indexKey, '02-28'));
  });

  it('refuses something that is not a month and day', () => {
    expect(() => blindBirthday(indexKey, '1990-13-01')).toThrow(DossierError);
  });
});
