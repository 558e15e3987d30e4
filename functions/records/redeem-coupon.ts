import { CouponSchema } from '#shared/domain/records/coupons';
import { CouponCodePathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { redeemCoupon } from '#shared/services/coupon-redemption';
import { presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('redeem-coupon', {
  params: CouponCodePathSchema,
  response: { 200: CouponSchema },
  handle: async ({ caller, params }) => {
    const coupon = await redeemCoupon(caller, params);
    return ok(presentRecord(coupon), { version: coupon.version });
  },
});
