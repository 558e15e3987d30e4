import { describe, expect, it } from 'vitest';
import { customerInputSchemaFor, customerPatchSchemaFor, emptyStats } from '#shared/domain/customer';
import { emptyTallies } from '#shared/domain/customer-figures';
import { applyCustomerPatch, nameKey, presentCustomer, splitSensitive, type CustomerFile } from '#shared/domain/customer-file';

const input = customerInputSchemaFor({ currency: 'CNY', country: 'CN' });
const patchSchema = customerPatchSchemaFor({ currency: 'CNY', country: 'CN' });

const fileOf = (body: unknown): CustomerFile => {
  const { plain, sensitive } = splitSensitive(input.parse(body));
  const sealed = Object.fromEntries(Object.keys(sensitive).map((path) => [path, `sealed:${path}`]));
  const masked = Object.fromEntries(Object.keys(sensitive).map((path) => [path, `masked:${path}`]));
  return { id: 'cus_1', plain, sealed, masked, stats: emptyStats('CNY'), tallies: emptyTallies(), tier: 'potential', stage: 'prospect', version: 1, createdAt: 'c', updatedAt: 'u' };
};

describe('customer input', () => {
  it('normalizes a national phone to E.164 with the tenant region, and lower-cases email', () => {
    const parsed = input.parse({ name: '张三', phone: '138 1234 5678', email: ' Zhang@Example.COM ' });

    expect(parsed.phone).toBe('+8613812345678');
    expect(parsed.email).toBe('zhang@example.com');
  });

  it('reads a national number against the region it was written for', () => {
    expect(customerInputSchemaFor({ currency: 'USD', country: 'US' }).parse({ name: 'Ann', phone: '(415) 555-2671' }).phone).toBe('+14155552671');
  });

  it('refuses derived and unknown fields (no mass assignment)', () => {
    const result = input.safeParse({ name: 'X', stats: {}, tier: 'vip', version: 9 });

    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys']);
  });
});

describe('splitting the sensitive fields out', () => {
  it('keeps places, names and tags in the clear and every sensitive value out of it', () => {
    const { plain, sensitive } = splitSensitive(
      input.parse({
        name: 'Li Lei',
        phone: '13812345678',
        birthday: '1990-03-15',
        idNumber: '110101199003151234',
        address: { city: 'Beijing', line1: '1 Chang An Ave', postalCode: '100000' },
        contacts: [{ name: 'Han Meimei', phone: '13900001111', email: 'han@example.com' }],
      }),
    );

    expect(Object.keys(sensitive).sort()).toEqual(['address.line1', 'address.postalCode', 'birthday', 'contacts.0.email', 'contacts.0.phone', 'idNumber', 'phone']);
    expect(JSON.stringify(plain)).not.toMatch(/1381234|1990-03-15|Chang An|100000|han@|1390000|1101011/);
    expect(plain.address).toEqual({ city: 'Beijing' });
    expect(plain.contacts).toEqual([{ name: 'Han Meimei' }]);
  });
});

describe('applying a merge patch', () => {
  it('removes a field given null and leaves unnamed ones alone', () => {
    const file = fileOf({ name: 'A', phone: '13812345678', email: 'a@example.com', gender: 'female' });

    const outcome = applyCustomerPatch(file, patchSchema.parse({ phone: null, gender: null }));

    expect(outcome.unset).toEqual(['phone']);
    expect(outcome.set).toEqual({});
    expect(outcome.plain.gender).toBeUndefined();
    expect(outcome.changed.sort()).toEqual(['gender', 'phone']);
  });

  it('merges nested objects and seals only the new address line', () => {
    const file = fileOf({ name: 'A', address: { city: 'Shanghai', district: 'Xuhui', line1: 'Old Road 1' } });

    const outcome = applyCustomerPatch(file, patchSchema.parse({ address: { district: null, line1: 'New Road 2' } }));

    expect(outcome.plain.address).toEqual({ city: 'Shanghai' });
    expect(outcome.set).toEqual({ 'address.line1': 'New Road 2' });
    expect(outcome.unset).toEqual([]);
  });

  it('replaces contacts wholesale, dropping the sealed values of removed ones', () => {
    const file = fileOf({ name: 'B', type: 'business', contacts: [{ name: 'X', phone: '13900001111' }, { name: 'Y', email: 'y@example.com' }] });

    const outcome = applyCustomerPatch(file, patchSchema.parse({ contacts: [{ name: 'Z', email: 'z@example.com' }] }));

    expect(outcome.plain.contacts).toEqual([{ name: 'Z' }]);
    expect(outcome.set).toEqual({ 'contacts.0.email': 'z@example.com' });
    expect(outcome.unset.sort()).toEqual(['contacts.0.phone', 'contacts.1.email']);
  });

  it('removes one external id and keeps the others', () => {
    const file = fileOf({ name: 'C', externalIds: { pos: '1', shop: '2' } });

    const outcome = applyCustomerPatch(file, patchSchema.parse({ externalIds: { pos: null, crm: '3' } }));

    expect(outcome.plain.externalIds).toEqual({ shop: '2', crm: '3' });
  });
});

describe('presenting a customer', () => {
  it('shows the values it is given in place of each sensitive field', () => {
    const file = fileOf({ name: 'D', phone: '13812345678', address: { city: 'Hangzhou', line1: 'West Lake 1' } });

    const view = presentCustomer(file, file.masked);

    expect(view).toMatchObject({ phone: 'masked:phone', address: { city: 'Hangzhou', line1: 'masked:address.line1' } });
    expect(view).not.toHaveProperty('email');
  });
});

describe('name keys', () => {
  it('folds case, width and spacing so prefixes match', () => {
    expect(nameKey('  Zoë   ÅBERG ')).toBe('zoë åberg');
    expect(nameKey('ＡＢＣ 张三')).toBe('abc 张三');
  });
});
