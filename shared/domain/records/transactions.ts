import * as z from 'zod';
import { addPurchase } from '../customer-figures.ts';
import type { TenantTerms } from '../tenant.ts';
import { IsoDateTimeSchema } from '../values.ts';
import { tenantMoneySchemaFor } from './money-terms.ts';
import { pointsEarnedBy } from './points.ts';
import { defineRecordKind, recordBase } from './record-kind.ts';

export const transactionInputSchemaFor = (terms: TenantTerms) =>
  z.strictObject({
    occurredAt: IsoDateTimeSchema,
    amount: tenantMoneySchemaFor(terms),
    channel: z.enum(['store', 'online', 'phone', 'app', 'other']),
    paymentMethod: z.enum(['cash', 'card', 'wechat', 'alipay', 'transfer', 'credit', 'other']),
    items: z
      .array(
        z.strictObject({
          sku: z.string().trim().min(1).max(64).optional(),
          name: z.string().trim().min(1).max(200),
          category: z.string().trim().min(1).max(100).optional(),
          quantity: z.number().int('Must be a whole number').positive('Must be at least 1').max(1_000_000),
          unitPrice: tenantMoneySchemaFor(terms),
        }),
      )
      .max(500)
      .optional(),
    status: z.enum(['completed', 'refunded']).default('completed'),
    /** The order's id in the tenant's own system (POS, shop): a second record with it is a 409. */
    externalId: z.string().trim().min(1).max(128).optional(),
  });
export type TransactionInput = z.output<ReturnType<typeof transactionInputSchemaFor>>;

/** Only completed purchases count toward spend, orders and points; refunded ones stay as history. */
const counts = (record: { status: string }): boolean => record.status === 'completed';

export const transactions = defineRecordKind({
  name: 'transactions',
  singular: 'transaction',
  idKind: 'transaction',
  prefix: 'TXN',
  inputSchemaFor: transactionInputSchemaFor,
  occurredAt: (input: TransactionInput) => new Date(input.occurredAt).toISOString(),
  build: (input: TransactionInput, context) => {
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
export type TransactionRecord = ReturnType<typeof transactions.build>;
