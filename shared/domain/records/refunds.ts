import * as z from 'zod';
import { notePurchaseDates, takeBackPurchase, type Figures } from '../customer-figures.ts';
import { DossierError } from '../errors.ts';
import type { TenantTerms } from '../tenant.ts';
import { IsoDateTimeSchema, MoneySchema, RecordTimeSchema, idSchemaFor, type Money } from '../values.ts';
import { tenantMoneySchemaFor } from './money-terms.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, revised, type BuildContext } from './record-kind.ts';
import type { TransactionRecord } from './transactions.ts';

/**
 * A refund takes back all or part of one purchase of the customer: the purchase's `refundedAmount`
 * and status, the customer's spend in the purchase's month, the order itself when nothing of it is
 * left, and the purchase's share of the points it earned — all in one transaction with the refund
 * record (services/purchase-refunds.ts).
 */

/** The body of `POST /v1/customers/{id}/refunds`: which purchase, and how much of it (all that is left by default). */
export const refundRequestSchemaFor = (terms: TenantTerms) =>
  z
    .strictObject({
      transactionId: idSchemaFor('transaction').optional().describe('The purchase to refund (its record id); or name it by `transactionExternalId`'),
      transactionExternalId: z.string().trim().min(1).max(128).optional().describe('The purchase to refund, by the order id it was recorded with (`externalId`)'),
      amount: tenantMoneySchemaFor(terms, { positive: true }).optional().describe('How much to refund; all that is left of the purchase when left out'),
      occurredAt: RecordTimeSchema.optional().describe('When the refund happened (now when left out); not before the purchase'),
      reason: z.string().trim().min(1).max(200).optional(),
    })
    .superRefine((body, ctx) => {
      const named = [body.transactionId, body.transactionExternalId].filter((value) => value !== undefined).length;
      if (named !== 1) ctx.addIssue({ code: 'custom', path: ['transactionId'], message: 'Name the purchase by exactly one of transactionId and transactionExternalId' });
    })
    .meta({
      description: 'Names the purchase by exactly one of `transactionId` and `transactionExternalId`; refunds all that is left of it unless `amount` says how much.',
      examples: [
        { transactionId: 'txn_01JD3K7A8B9C0D1E2F3G4H5J6K', amount: { amount: 2800, currency: terms.currency }, reason: '一盒茶叶破损' },
        { transactionExternalId: 'POS-7-1001' },
      ],
    });
export type RefundRequest = z.output<ReturnType<typeof refundRequestSchemaFor>>;

/** Not a request body: what the refund service decided, built into the record. */
export const RefundDraftSchema = z.strictObject({
  transactionId: idSchemaFor('transaction'),
  transactionOccurredAt: IsoDateTimeSchema,
  transactionStatus: z.enum(['partially_refunded', 'refunded']),
  amount: MoneySchema,
  occurredAt: IsoDateTimeSchema,
  reason: z.string().optional(),
  pointsReversed: z.number().int().min(0),
  pointsShortfall: z.number().int().min(0),
});
export type RefundDraft = z.output<typeof RefundDraftSchema>;

export const RefundSchema = z
  .object({
    ...recordBaseShape('refunds', 'refund'),
    transactionId: idSchemaFor('transaction').describe('The purchase it takes back (all or part of)'),
    transactionOccurredAt: IsoDateTimeSchema.describe('When that purchase happened: its month is where the spend is taken back'),
    transactionStatus: z.enum(['partially_refunded', 'refunded']).describe('What the purchase became with this refund'),
    amount: MoneySchema.describe('How much this refund took back'),
    reason: z.string().optional(),
    pointsReversed: z.number().int().min(0).describe('Points taken back from the balance: the purchase’s share of what it earned'),
    pointsShortfall: z
      .number()
      .int()
      .min(0)
      .describe('Points the refund should have taken back but could not, because the customer had spent them already (the balance stops at zero)'),
  })
  .meta({
    id: 'Refund',
    description: 'A refund of all or part of one purchase of the customer. The purchase shows what refunds took back of it (`refundedAmount`, `status`).',
    examples: [
      {
        id: 'rfd_01JD3M2B8C9D0E1F2G3H4J5K6M',
        kind: 'refunds',
        at: '2026-11-22T06:00:00.000Z',
        occurredAt: '2026-11-22T06:00:00.000Z',
        ...exampleBase,
        transactionId: 'txn_01JD3K7A8B9C0D1E2F3G4H5J6K',
        transactionOccurredAt: '2026-11-20T02:30:00.000Z',
        transactionStatus: 'partially_refunded',
        amount: { amount: 2800, currency: 'CNY' },
        reason: '一盒茶叶破损',
        pointsReversed: 28,
        pointsShortfall: 0,
      },
    ],
  });
export type RefundRecord = z.output<typeof RefundSchema>;

const money = (amount: number, currency: string): Money => ({ amount, currency });

/** The points of `earned` a purchase still holds when `refunded` of its `amount` was taken back. */
const pointsKept = (earned: number, amount: number, refunded: number): number =>
  amount === 0 ? earned : Number((BigInt(earned) * BigInt(amount - refunded)) / BigInt(amount));

/** What one refund of a purchase does: the purchase after it, and what it takes from the figures. */
export interface RefundPlan {
  purchase: TransactionRecord;
  /** What the purchase becomes. */
  status: 'partially_refunded' | 'refunded';
  amount: Money;
  /** It took back what was left: the order no longer counts. */
  whole: boolean;
  /** The purchase's share of its earned points this refund should take back (before the balance is consulted). */
  points: number;
}

/**
 * Plans a refund of `request.amount` (all that is left when undefined) of `purchase`, as read:
 * never more than is left, and never before the purchase. Points come back in proportion, counted
 * on the whole refunded so far, so refunds in parts take back exactly what one whole refund would.
 */
export const planRefund = (
  purchase: TransactionRecord,
  request: { amount?: Money | undefined; occurredAt: string; earned: number; namedBy?: 'transactionId' | 'transactionExternalId' },
  now: Date,
): RefundPlan => {
  const left = purchase.amount.amount - purchase.refundedAmount.amount;
  if (left <= 0) {
    throw new DossierError('conflict', {
      detail: 'This purchase is refunded already: nothing of it is left to refund',
      errors: [{ path: request.namedBy ?? 'transactionId', message: 'Already refunded in full' }],
    });
  }
  const amount = request.amount?.amount ?? left;
  if (amount > left) {
    throw new DossierError('conflict', {
      detail: `Only ${left} of this purchase’s ${purchase.amount.amount} (minor units) is left to refund`,
      errors: [{ path: 'amount', message: `Must be at most ${left}, what is left of the purchase` }],
      extensions: { refundableAmount: money(left, purchase.amount.currency) },
    });
  }
  if (Date.parse(request.occurredAt) < Date.parse(purchase.occurredAt)) {
    throw new DossierError('validation-failed', { errors: [{ path: 'occurredAt', message: `Must not be before the purchase (${purchase.occurredAt})` }] });
  }
  const before = purchase.refundedAmount.amount;
  const after = before + amount;
  const whole = after === purchase.amount.amount;
  const status = whole ? 'refunded' : 'partially_refunded';
  return {
    purchase: revised(purchase, { refundedAmount: money(after, purchase.amount.currency), status }, now),
    status,
    amount: money(amount, purchase.amount.currency),
    whole,
    points: pointsKept(request.earned, purchase.amount.amount, before) - pointsKept(request.earned, purchase.amount.amount, after),
  };
};

/**
 * Points a refund takes back from a balance that may have been spent meanwhile: what is there,
 * never below zero; the rest is the shortfall, recorded on the refund for staff to settle.
 */
export const pointsTakenBack = (owed: number, balance: number): { taken: number; shortfall: number } => {
  const taken = Math.max(0, Math.min(owed, balance));
  return { taken, shortfall: owed - taken };
};

/** What a refund takes back from its customer's figures, on the write path (the purchase's effect, recomputed, agrees). */
export const refundFigures = (plan: RefundPlan) => (figures: Figures): Figures =>
  takeBackPurchase(figures, { amount: plan.amount.amount, purchasedAt: plan.purchase.at, whole: plan.whole });

const buildRefund = (draft: RefundDraft, context: Pick<BuildContext, 'id' | 'customerId' | 'now' | 'actorId'>): RefundRecord => ({
  ...recordBase('refunds', context, draft.occurredAt),
  ...draft,
});

export const refunds = defineRecordKind({
  name: 'refunds',
  singular: 'refund',
  idKind: 'refund',
  prefix: 'RFD',
  inputSchemaFor: () => RefundDraftSchema,
  occurredAt: (draft) => draft.occurredAt,
  schema: RefundSchema,
  build: buildRefund,
  // The purchase counts for what refunds left of it; a refund keeps the purchase's time among the
  // customer's purchase dates even when it took back all of it (customer-figures.ts, takeBackPurchase).
  effect: (figures, record) => notePurchaseDates(figures, record.transactionOccurredAt),
  event: (record) => ({
    type: 'transaction.refunded',
    data: {
      customerId: record.customerId,
      recordId: record.id,
      transactionId: record.transactionId,
      amount: record.amount,
      transactionStatus: record.transactionStatus,
      pointsReversed: record.pointsReversed,
      pointsShortfall: record.pointsShortfall,
      occurredAt: record.at,
    },
  }),
});
