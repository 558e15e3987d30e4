import * as z from 'zod';
import { addPurchase, type Figures } from '../customer-figures.ts';
import type { TenantSettings, TenantTerms } from '../tenant.ts';
import { RecordTimeSchema, MoneySchema, idSchemaFor, type Money } from '../values.ts';
import { tenantMoneySchemaFor } from './money-terms.ts';
import { earnedEntryIdOf, pointsEarnedBy } from './points.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape } from './record-kind.ts';

/** A purchase's fields, with money as the body demands it (the tenant's currency) or as it is answered. */
const transactionShapeOf = (money: () => z.ZodType<Money>) => ({
  occurredAt: RecordTimeSchema,
  amount: money(),
  channel: z.enum(['store', 'online', 'phone', 'app', 'other']),
  paymentMethod: z.enum(['cash', 'card', 'wechat', 'alipay', 'transfer', 'credit', 'other']),
  items: z
    .array(
      z.strictObject({
        sku: z.string().trim().min(1).max(64).optional(),
        name: z.string().trim().min(1).max(200),
        category: z.string().trim().min(1).max(100).optional(),
        quantity: z.number().int('Must be a whole number').positive('Must be at least 1').max(1_000_000),
        unitPrice: money(),
      }),
    )
    .max(500)
    .optional(),
  /** The order's id in the tenant's own system (POS, shop): a second record with it is a 409. */
  externalId: z.string().trim().min(1).max(128).optional(),
});

/** A purchase is recorded completed, or (history kept for the record) refunded already. */
const recordedStatuses = ['completed', 'refunded'] as const;
/** What refunds make of it afterwards (`POST /v1/customers/{id}/refunds`). */
export const transactionStatuses = ['completed', 'partially_refunded', 'refunded'] as const;
export type TransactionStatus = (typeof transactionStatuses)[number];

/** The unique key of an order's external id in the tenant (its guard item). */
export const ORDER_EXTERNAL_ID = 'txn-external';

export const transactionInputSchemaFor = (terms: TenantTerms) =>
  z.strictObject({ ...transactionShapeOf(() => tenantMoneySchemaFor(terms)), status: z.enum(recordedStatuses).default('completed') }).meta({
    examples: [
      {
        occurredAt: '2026-11-20T10:30:00+08:00',
        amount: { amount: 12800, currency: terms.currency },
        channel: 'store',
        paymentMethod: 'wechat',
        items: [{ name: '西湖龙井 250g', category: '绿茶', quantity: 1, unitPrice: { amount: 12800, currency: terms.currency } }],
        externalId: 'POS-7-1001',
      },
    ],
  });
export type TransactionInput = z.output<ReturnType<typeof transactionInputSchemaFor>>;

export const TransactionSchema = z
  .object({
    ...recordBaseShape('transactions', 'transaction'),
    ...transactionShapeOf(() => MoneySchema),
    status: z
      .enum(transactionStatuses)
      .describe('`completed`; `partially_refunded` once refunds took back part of it; `refunded` once they took back all of it (or when it was recorded refunded)'),
    refundedAmount: MoneySchema.describe('What refunds took back of `amount` so far (all of it for a purchase recorded refunded); `amount − refundedAmount` is what may still be refunded'),
    pointsEarned: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The loyalty points the purchase earned when it was recorded (a refund takes back its share of them); absent on purchases recorded before Dossier kept it'),
    pointsEntryId: idSchemaFor('points')
      .optional()
      .describe('The entry of the points ledger (`…/points/{id}`) for what the purchase earned, when it earned any; absent on purchases recorded before Dossier linked them'),
  })
  .meta({
    id: 'Transaction',
    description: 'A purchase of a customer, with what refunds took back of it.',
    examples: [
      {
        id: 'txn_01JD3K7A8B9C0D1E2F3G4H5J6K',
        kind: 'transactions',
        at: '2026-11-20T02:30:00.000Z',
        ...exampleBase,
        occurredAt: '2026-11-20T02:30:00.000Z',
        amount: { amount: 12800, currency: 'CNY' },
        channel: 'store',
        paymentMethod: 'wechat',
        items: [{ name: '西湖龙井 250g', category: '绿茶', quantity: 1, unitPrice: { amount: 12800, currency: 'CNY' } }],
        status: 'partially_refunded',
        externalId: 'POS-7-1001',
        refundedAmount: { amount: 2800, currency: 'CNY' },
        pointsEarned: 128,
        pointsEntryId: 'pts_01JD3K7A8B9C0D1E2F3G4H5J6K',
      },
    ],
  });
export type TransactionRecord = z.output<typeof TransactionSchema>;

/** The points a purchase of `amount` earns under the tenant's loyalty rule (1 per whole unit by default). */
const pointsFor = (amount: Money, settings: TenantSettings): number => Math.floor((amount.amount / 100) * settings.loyalty.pointsPerUnit);

/**
 * A purchase counts for what refunds left of it: its spend less what they took back, and one order
 * unless they took back all of it. A purchase refunded whole (or recorded refunded) counts for
 * nothing here; the refund that took it back keeps its dates (refunds.ts).
 */
const purchaseEffect = (figures: Figures, record: TransactionRecord): Figures =>
  record.status === 'refunded' ? figures : addPurchase(figures, record.amount.amount - record.refundedAmount.amount, record.at);

export const transactions = defineRecordKind({
  name: 'transactions',
  singular: 'transaction',
  idKind: 'transaction',
  prefix: 'TXN',
  inputSchemaFor: transactionInputSchemaFor,
  occurredAt: (input: TransactionInput) => new Date(input.occurredAt).toISOString(),
  schema: TransactionSchema,
  build: (input: TransactionInput, context): TransactionRecord => {
    const occurredAt = new Date(input.occurredAt).toISOString();
    const refunded = input.status === 'refunded';
    const pointsEarned = refunded ? 0 : pointsFor(input.amount, context.settings);
    return {
      ...recordBase('transactions', context, occurredAt),
      ...input,
      occurredAt,
      refundedAmount: { amount: refunded ? input.amount.amount : 0, currency: input.amount.currency },
      pointsEarned,
      ...(pointsEarned > 0 ? { pointsEntryId: earnedEntryIdOf(context.id) } : {}),
    };
  },
  // Purchases kept before refunds existed: nothing taken back, or everything for one recorded refunded.
  upgrade: (stored) => {
    const kept: Omit<TransactionRecord, 'refundedAmount'> & { refundedAmount?: Money } = stored;
    if (kept.refundedAmount) return stored;
    return { ...stored, refundedAmount: { amount: stored.status === 'refunded' ? stored.amount.amount : 0, currency: stored.amount.currency } };
  },
  companions: (record) => {
    const earned = pointsEarnedBy(record);
    return earned ? [earned] : [];
  },
  effect: purchaseEffect,
  uniqueKeys: (record) => (record.externalId ? [{ scope: 'tenant', name: ORDER_EXTERNAL_ID, value: record.externalId, field: 'externalId' }] : []),
  event: (record) => ({
    type: 'transaction.recorded',
    data: {
      customerId: record.customerId,
      recordId: record.id,
      amount: record.amount,
      status: record.status === 'refunded' ? 'refunded' : 'completed',
      channel: record.channel,
      occurredAt: record.at,
    },
  }),
});
