import { actorOf, type Actor } from '#shared/domain/access';
import type { Figures } from '#shared/domain/customer-figures';
import { notFound } from '#shared/domain/errors';
import { pointsReversedBy } from '#shared/domain/records/points';
import { applyEffect, recordKinds } from '#shared/domain/records/record-kinds';
import { planRefund, pointsTakenBack, refundFigures, refunds, type RefundRecord, type RefundRequest } from '#shared/domain/records/refunds';
import { ORDER_EXTERNAL_ID } from '#shared/domain/records/transactions';
import { getCustomer } from '#shared/data/customer-repository';
import { findRecordByUnique, getRecord, pointsEarnedFromLedger, putRecordSteps, saveRecordStep } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { newCode, newId } from '#shared/runtime/ids';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { figuresChange } from './record-writes.ts';
import { tenantOf } from './tenant-context.ts';

export interface PurchaseRefund {
  customerId: string;
  body: RefundRequest;
}

/** The purchase a refund names, by its record id or by the order id it was recorded with: the customer's own only. */
const purchaseIdOf = async (scope: TenantScope, request: PurchaseRefund): Promise<string> => {
  const { transactionId, transactionExternalId } = request.body;
  if (transactionId) return transactionId;
  const found = transactionExternalId ? await findRecordByUnique(scope, { name: ORDER_EXTERNAL_ID, value: transactionExternalId }) : undefined;
  // Another customer's order reads as no order at all.
  if (!found || found.customerId !== request.customerId) throw notFound('Transaction');
  return found.recordId;
};

/**
 * Refunds all or part of one purchase of a customer. One transaction writes the refund, the
 * purchase's new `refundedAmount` and status (conditional on the version read, so two refunds
 * racing for the same money can't both have it), the points entry taking back the purchase's
 * share of its points, the profile's figures (conditional on its version), the events and the
 * audit entry; a lost race reads both again and decides again, from what is left.
 */
export const refundPurchase = async (caller: Caller<Actor>, request: PurchaseRefund): Promise<RefundRecord> => {
  const { scope, principal, meta } = caller;
  const { customerId, body } = request;
  const [tenant, transactionId] = await Promise.all([tenantOf(scope), purchaseIdOf(scope, request)]);
  const occurredAt = new Date(body.occurredAt ?? meta.now).toISOString();
  const context = { customerId, now: meta.now, actorId: actorOf(principal).id, settings: tenant.settings };
  const id = newId('refund', Date.parse(occurredAt));

  return retryingRaces(
    async () => {
      // The profile is read first: the points left to take back are judged on it, and its write is conditional on this version.
      const stored = await getCustomer(scope, customerId, true);
      if (!stored) throw notFound('Customer');
      const purchase = await getRecord(scope, 'transactions', { customerId, recordId: transactionId }, true);
      if (!purchase) throw notFound('Transaction');
      const earned = purchase.pointsEarned ?? (await pointsEarnedFromLedger(scope, purchase));
      const plan = planRefund(purchase, { amount: body.amount, occurredAt, earned, namedBy: body.transactionId ? 'transactionId' : 'transactionExternalId' }, meta.now);
      const points = pointsTakenBack(plan.points, stored.file.stats.pointsBalance);
      const refund = refunds.build(
        {
          transactionId,
          transactionOccurredAt: purchase.at,
          transactionStatus: plan.status,
          amount: plan.amount,
          occurredAt,
          ...(body.reason ? { reason: body.reason } : {}),
          pointsReversed: points.taken,
          pointsShortfall: points.shortfall,
        },
        { ...context, id, token: newCode() },
      );
      const reversal = points.taken > 0 ? [pointsReversedBy(refund, points.taken, { ...context, newId })] : [];
      const change = await figuresChange(caller, {
        customerId,
        tenant,
        stored,
        effects: [refundFigures(plan), (figures: Figures) => applyEffect(figures, refund), ...reversal.map((entry) => (figures: Figures) => applyEffect(figures, entry))],
      });
      const events = [refunds.event?.(refund), ...reversal.map((entry) => recordKinds.points.event?.(entry))].flatMap((draft) =>
        draft ? [newEvent(scope.tenantId, draft, meta.now)] : [],
      );
      await transactWrite(scope, [
        ...putRecordSteps(scope, refund),
        saveRecordStep(scope, purchase, plan.purchase),
        ...reversal.flatMap((entry) => putRecordSteps(scope, entry)),
        change.step,
        ...changeStepsOf(caller, [...events, ...change.events], 'record.created', { customerId, target: { type: refunds.singular, id: refund.id }, details: { transactionId } }),
      ]);
      return refund;
    },
    // The purchase changed since it was read (another refund of it won): decide again on what is left.
    { retryStale: true },
  );
};
