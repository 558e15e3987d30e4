import * as z from 'zod';
import { recordBase, type RecordKind } from './record-kind.ts';

/** A coupon issued to a customer (by staff, or by the birthday offer); redeemed once by its code. */
export const couponInput = z.strictObject({
  kind: z.enum(['percent', 'amount', 'points']),
  value: z.number().int('Must be a whole number').positive(),
  validDays: z.number().int().min(1).max(365).default(30),
  title: z.string().trim().min(1).max(200).optional(),
}).refine((c) => c.kind !== 'percent' || c.value <= 100, { path: ['value'], message: 'A percent coupon must be 1–100' });
export type CouponInput = z.output<typeof couponInput>;

const DAY_MS = 24 * 3600 * 1000;

export const coupons: RecordKind<CouponInput> = {
  name: 'coupons',
  singular: 'coupon',
  idKind: 'coupon',
  prefix: 'CPN',
  input: () => couponInput,
  at: (_input, now) => now.toISOString(),
  build: (input, context) => ({
    ...recordBase('coupons', context),
    code: context.token,
    couponKind: input.kind,
    value: input.value,
    ...(input.title ? { title: input.title } : {}),
    status: 'issued',
    expiresAt: new Date(context.now.getTime() + input.validDays * DAY_MS).toISOString(),
  }),
  uniqueKeys: (record) => [{ scope: 'tenant', name: 'coupon', value: String(record.code), field: 'code' }],
};
