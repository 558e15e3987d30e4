import type { Principal } from '#shared/domain/access';
import { DossierError, notFound } from '#shared/domain/errors';
import type { CustomerRecord } from '#shared/domain/records/record-kind';
import type { RequestMeta } from '#shared/domain/request-meta';
import { findRecordByUnique } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { changeRecordWith } from './record-changes.ts';

/**
 * Redeems a coupon by its code, once: the record moves from issued to redeemed conditionally on
 * the version read, so of two racing redemptions exactly one succeeds.
 */
export const redeemCoupon = async (scope: TenantScope, principal: Principal, code: string, meta: RequestMeta): Promise<CustomerRecord> => {
  const found = await findRecordByUnique(scope, 'coupon', code.toUpperCase());
  if (!found) throw notFound('Coupon');
  try {
    return await changeRecordWith(scope, principal, 'coupons', found.customerId, found.recordId, undefined, meta, (record, now) => {
      if (record.status !== 'issued') throw new DossierError('conflict', { detail: 'This coupon was already redeemed' });
      if (Date.parse(String(record.expiresAt)) < now.getTime()) throw new DossierError('conflict', { detail: 'This coupon has expired' });
      return {
        record: { ...record, status: 'redeemed', redeemedAt: now.toISOString(), version: record.version + 1, updatedAt: now.toISOString() },
        event: { type: 'coupon.redeemed', data: { couponKind: record.couponKind, value: record.value } },
      };
    });
  } catch (error) {
    // Lost the race to another redemption of the same code.
    if (error instanceof DossierError && error.code === 'precondition-failed') {
      throw new DossierError('conflict', { detail: 'This coupon was already redeemed', cause: error });
    }
    throw error;
  }
};
