import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openField, openFields, sealField, sealFields, type FieldPlace } from '#shared/crypto/field-encryption';
import { DossierError } from '#shared/domain/errors';
import { newId } from '#shared/runtime/ids';

const dataKey = randomBytes(32);
const tenantId = newId('tenant');
const customerId = newId('customer');
const place = (overrides: Partial<FieldPlace> = {}): FieldPlace => ({
  tenantId,
  customerId,
  path: 'phone',
  ...overrides,
});

const expectRefusal = (open: () => unknown) => {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DossierError);
  expect((caught as DossierError).code).toBe('internal');
  return caught as DossierError;
};

// Not the last character: its low bits may be padding that decoding ignores.
const tamper = (sealed: string): string => {
  const at = sealed.length - 5;
  return sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
};

describe('sealField / openField', () => {
  it('opens what it sealed', () => {
    const sealed = sealField(dataKey, place(), '+8613812345678');

    const opened = openField(dataKey, place(), sealed);

    expect(opened).toBe('+8613812345678');
  });

  it('round-trips Chinese text and emoji', () => {
    const line = '北京市朝阳区建国路88号 SOHO现代城 🏢';

    const opened = openField(dataKey, place({ path: 'address.line1' }), sealField(dataKey, place({ path: 'address.line1' }), line));

    expect(opened).toBe(line);
  });

  it('round-trips an empty value', () => {
    expect(openField(dataKey, place(), sealField(dataKey, place(), ''))).toBe('');
  });

  it('writes a compact, versioned string without the plaintext', () => {
    const sealed = sealField(dataKey, place({ path: 'email' }), 'zhang.wei@example.com');

    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('zhang');
    // 'v1.' + base64url of IV (12) + tag (16) + 21 bytes of ciphertext.
    expect(sealed.length).toBe(3 + Math.ceil(((12 + 16 + 21) * 4) / 3));
  });

  it('seals the same value differently each time', () => {
    const first = sealField(dataKey, place(), '+8613812345678');

    const second = sealField(dataKey, place(), '+8613812345678');

    expect(first).not.toBe(second);
    expect(openField(dataKey, place(), second)).toBe('+8613812345678');
  });

  it('refuses to open a tampered ciphertext', () => {
    const sealed = sealField(dataKey, place(), '+8613812345678');

    expectRefusal(() => openField(dataKey, place(), tamper(sealed)));
  });

  it('refuses to open a phone copied to another customer', () => {
    const sealed = sealField(dataKey, place(), '+8613812345678');

    expectRefusal(() => openField(dataKey, place({ customerId: newId('customer') }), sealed));
  });

  it('refuses to open a phone copied to another tenant, even under the same key', () => {
    const sealed = sealField(dataKey, place(), '+8613812345678');

    expectRefusal(() => openField(dataKey, place({ tenantId: newId('tenant') }), sealed));
  });

  it('refuses to open an id number copied into the phone field', () => {
    const sealed = sealField(dataKey, place({ path: 'idNumber' }), '110101199003071234');

    expectRefusal(() => openField(dataKey, place({ path: 'phone' }), sealed));
  });

  it("refuses to open a contact's phone moved to another contact", () => {
    const sealed = sealField(dataKey, place({ path: 'contacts.0.phone' }), '+8613812345678');

    expectRefusal(() => openField(dataKey, place({ path: 'contacts.1.phone' }), sealed));
  });

  it("refuses to open a value under another tenant's key", () => {
    const sealed = sealField(dataKey, place(), '+8613812345678');

    expectRefusal(() => openField(randomBytes(32), place(), sealed));
  });

  it('refuses malformed values and unknown versions', () => {
    const sealed = sealField(dataKey, place(), '+8613812345678');

    for (const bad of ['', 'v1.', 'v1.AAAA', `v2.${sealed.slice(3)}`, `${sealed}.extra`, '+8613812345678']) {
      expectRefusal(() => openField(dataKey, place(), bad));
    }
  });

  it('names the field but never the value when it refuses', () => {
    const sealed = sealField(dataKey, place({ path: 'email' }), 'zhang.wei@example.com');

    const error = expectRefusal(() => openField(dataKey, place({ path: 'email', customerId: newId('customer') }), sealed));

    expect(error.message).toContain('email');
    expect(error.message).not.toContain('zhang');
    expect(error.cause).toBeDefined();
  });

  it('refuses a key that is not 256 bits', () => {
    expectRefusal(() => sealField(randomBytes(16), place(), 'x'));
  });
});

describe('sealFields / openFields', () => {
  it("seals and opens a customer's map of sensitive values, each bound to its path", () => {
    const owner = { tenantId, customerId };
    const values = { phone: '+8613812345678', 'address.line1': '建国路88号', 'contacts.0.email': 'li@example.com' };

    const sealed = sealFields(dataKey, owner, values);

    expect(Object.keys(sealed)).toEqual(Object.keys(values));
    expect(openFields(dataKey, owner, sealed)).toEqual(values);
    expectRefusal(() => openFields(dataKey, owner, { phone: sealed['address.line1'] as string }));
  });
});
