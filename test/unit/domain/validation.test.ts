import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '#shared/domain/validation';
import '#shared/domain/values';

describe('field errors', () => {
  const Schema = z.strictObject({
    name: z.string().min(1),
    address: z.strictObject({ city: z.string() }).optional(),
    tags: z.array(z.string().max(3)).optional(),
  });

  it('lists every bad field with its dotted path, unknown fields one by one', () => {
    const result = Schema.safeParse({ name: '', address: { city: 1, zip: '1' }, tags: ['ok', 'too long'], tenantId: 'x', stats: {} });

    expect(fieldErrorsOf(result.error!.issues).map((e) => e.path)).toEqual(['name', 'address.city', 'address.zip', 'tags.1', 'tenantId', 'stats']);
  });

  it('says "Required" for a missing field', () => {
    const result = Schema.safeParse({});

    expect(fieldErrorsOf(result.error!.issues)).toEqual([{ path: 'name', message: 'Required' }]);
  });

  it('names a field once even when it breaks two rules', () => {
    const result = z.strictObject({ code: z.string().regex(/^[A-Z]+$/).length(3) }).safeParse({ code: 'abcd' });

    expect(fieldErrorsOf(result.error!.issues)).toHaveLength(1);
  });
});
