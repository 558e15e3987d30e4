import * as z from 'zod';
import { addPurchase } from '../customer-figures.ts';
import type { TenantTerms } from '../tenant.ts';
import { RecordTimeSchema, MoneySchema, type Money } from '../values.ts';
import { tenantMoneySchemaFor } from './money-terms.ts';
import { pointsEarnedBy } from './points.ts';
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
  status: z.enum(['completed', 'refunded']).default('completed'),
  /** The order's id in the tenant's own system (POS, shop): a second record with it is a 409. */
  externalId: z.string().trim().min(1).max(128).optional(),
});

export const transactionInputSchemaFor = (terms: TenantTerms) =>
  z.strictObject(transactionShapeOf(() => tenantMoneySchemaFor(terms))).meta({
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
  .object({ ...recordBaseShape('transactions', 'transaction'), ...transactionShapeOf(() => MoneySchema) })
  .meta({
    id: 'Transaction',
    description: 'A purchase (or a refunded one) of a customer.',
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
        status: 'completed',
        externalId: 'POS-7-1001',
      },
    ],
  });
export type TransactionRecord = z.output<typeof TransactionSchema>;

/** Only completed purchases count toward spend, orders and points; refunded ones stay as history. */
const counts = (record: { status: string }): boolean => record.status === 'completed';

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
    return { ...recordBase('transactions', context, occurredAt), ...input, occurredAt };
  },
  companions: (record, context) => {
    const earned = counts(record) ? Math.floor((record.amount.amount / 100) * context.settings.loyalty.pointsPerUnit) : 0;
    return earned > 0 ? [pointsEarnedBy(record, earned, context)] : [];
  },
  effect: (figures, record) => (counts(record) ? addPurchase(figures, record.amount.amount, record.at) : figures),
  uniqueKeys: (record) => (record.externalId ? [{ scope: 'tenant', name: 'txn-external', value: record.externalId, field: 'externalId' }] : []),
  event: (record) => ({
    type: 'transaction.recorded',
    data: { customerId: record.customerId, recordId: record.id, amount: record.amount, status: record.status, channel: record.channel, occurredAt: record.at },
  }),
});
