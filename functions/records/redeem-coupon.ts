import * as z from 'zod';
import { ok } from '#shared/http/responses';
import { redeemCoupon } from '#shared/services/coupon-redemption';
import { presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('redeem-coupon', {
  params: z.object({ code: z.string().regex(/^[0-9A-Za-z]{6,20}$/) }),
  handle: async (request) => {
    const coupon = await redeemCoupon(request.scope, request.principal, request.params.code, request);
    return ok(presentRecord(coupon), { version: coupon.version });
  },
});
