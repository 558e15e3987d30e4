import { notFound } from '#shared/domain/errors';
import { redeem } from '#shared/domain/records/coupons';
import { findRecordByUnique } from '#shared/data/record-repository';
import type { Caller } from './caller.ts';
import { visibleRecords } from './customer-visibility.ts';
import { reviseRecord } from './record-changes.ts';

/**
 * Redeems a coupon by its code, once: the record moves from issued to redeemed conditionally on
 * the version read, so of two racing redemptions one wins and the other, reading again, finds the
 * coupon redeemed (409). An agent limited to their own customers redeems only their customers' coupons.
 */
export const redeemCoupon = async (caller: Caller, input: { code: string }) => {
  const found = await findRecordByUnique(caller.scope, { name: 'coupon', value: input.code.toUpperCase() });
  if (!found || (await visibleRecords(caller, [found])).length === 0) throw notFound('Coupon');
  return reviseRecord(caller, { kind: 'coupons', customerId: found.customerId, recordId: found.recordId }, redeem);
};
