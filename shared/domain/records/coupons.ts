import * as z from 'zod';
import { DossierError } from '../errors.ts';
import { defineRecordKind, recordBase, revised, type BuildContext, type RecordBase, type RecordChange } from './record-kind.ts';

/** A coupon issued to a customer (by staff, or by the birthday offer); redeemed once by its code. */
export const CouponInputSchema = z
  .strictObject({
    kind: z.enum(['percent', 'amount', 'points']),
    value: z.number().int('Must be a whole number').positive(),
    validDays: z.number().int().min(1).max(365).default(30),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .refine((c) => c.kind !== 'percent' || c.value <= 100, { path: ['value'], message: 'A percent coupon must be 1–100' });
export type CouponInput = z.output<typeof CouponInputSchema>;

export type CouponRecord = RecordBase<'coupons'> & {
  code: string;
  couponKind: CouponInput['kind'];
  value: number;
  title?: string;
  status: 'issued' | 'redeemed';
  expiresAt: string;
  redeemedAt?: string;
  /** What the coupon was issued for, once per customer (`birthday-2026`); staff-issued coupons have none. */
  occasion?: string;
};

const DAY_MS = 24 * 3600 * 1000;

const buildCoupon = (input: CouponInput, context: BuildContext): CouponRecord => ({
  ...recordBase('coupons', context),
  code: context.token,
  couponKind: input.kind,
  value: input.value,
  ...(input.title ? { title: input.title } : {}),
  status: 'issued',
  expiresAt: new Date(context.now.getTime() + input.validDays * DAY_MS).toISOString(),
});

/** Redeeming a coupon by its code: once, and not after it expired. */
export const redeem = (record: CouponRecord, now: Date): RecordChange<CouponRecord> => {
  if (record.status !== 'issued') throw new DossierError('conflict', { detail: 'This coupon was already redeemed' });
  if (Date.parse(record.expiresAt) < now.getTime()) throw new DossierError('conflict', { detail: 'This coupon has expired' });
  return {
    record: revised(record, { status: 'redeemed', redeemedAt: now.toISOString() }, now),
    event: { type: 'coupon.redeemed', data: { customerId: record.customerId, recordId: record.id, couponKind: record.couponKind, value: record.value } },
  };
};

export const coupons = defineRecordKind({
  name: 'coupons',
  singular: 'coupon',
  idKind: 'coupon',
  prefix: 'CPN',
  inputSchemaFor: () => CouponInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  build: buildCoupon,
  uniqueKeys: (record) => [{ scope: 'tenant', name: 'coupon', value: record.code, field: 'code' }],
});
