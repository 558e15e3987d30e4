import * as z from 'zod';
import { DossierError } from '../errors.ts';
import { IsoDateTimeSchema } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, revised, type BuildContext, type RecordChange } from './record-kind.ts';

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

export const CouponSchema = z
  .object({
    ...recordBaseShape('coupons', 'coupon'),
    code: z.string().describe('What the customer shows; redeemed with POST /v1/coupons/{code}/redeem'),
    couponKind: z.enum(['percent', 'amount', 'points']),
    value: z.number().int().positive(),
    title: z.string().optional(),
    status: z.enum(['issued', 'redeemed']),
    expiresAt: IsoDateTimeSchema,
    redeemedAt: IsoDateTimeSchema.optional(),
    occasion: z.string().optional().describe('What the coupon was issued for, once per customer (birthday-2026); staff-issued coupons have none'),
  })
  .meta({
    id: 'Coupon',
    description: 'A coupon issued to a customer (by staff, or by the birthday offer); redeemed once by its code.',
    examples: [
      { id: 'cpn_01JD3K7A8B9C0D1E2F3G4H5J6K', kind: 'coupons', at: '2026-11-20T02:30:00.000Z', occurredAt: '2026-11-20T02:30:00.000Z', ...exampleBase, code: 'K7Q2M9XA', couponKind: 'percent', value: 10, title: '生日九折券', status: 'issued', expiresAt: '2026-12-20T02:30:00.000Z' },
    ],
  });
export type CouponRecord = z.output<typeof CouponSchema>;

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
  schema: CouponSchema,
  build: buildCoupon,
  uniqueKeys: (record) => [{ scope: 'tenant', name: 'coupon', value: record.code, field: 'code' }],
});
