import * as z from 'zod';
import { addPurchase } from '../customer-figures.ts';
import { IsoDateTimeSchema, type Money } from '../values.ts';
import { moneyIn } from './money-terms.ts';
import { recordBase, type RecordKind } from './record-kind.ts';

export const transactionInput = (currency: string) =>
  z.strictObject({
    occurredAt: IsoDateTimeSchema,
    amount: moneyIn(currency),
    channel: z.enum(['store', 'online', 'phone', 'app', 'other']),
    paymentMethod: z.enum(['cash', 'card', 'wechat', 'alipay', 'transfer', 'credit', 'other']),
    items: z
      .array(
        z.strictObject({
          sku: z.string().trim().min(1).max(64).optional(),
          name: z.string().trim().min(1).max(200),
          category: z.string().trim().min(1).max(100).optional(),
          quantity: z.number().int('Must be a whole number').positive('Must be at least 1').max(1_000_000),
          unitPrice: moneyIn(currency),
        }),
      )
      .max(500)
      .optional(),
    status: z.enum(['completed', 'refunded']).default('completed'),
    /** The order's id in the tenant's own system (POS, shop): a second record with it is a 409. */
    externalId: z.string().trim().min(1).max(128).optional(),
  });
export type TransactionInput = z.output<ReturnType<typeof transactionInput>>;

/** Only completed purchases count toward spend, orders and points; refunded ones stay as history. */
const counts = (record: Record<string, unknown>): boolean => record.status === 'completed';

export const transactions: RecordKind<TransactionInput> = {
  name: 'transactions',
  singular: 'transaction',
  idKind: 'transaction',
  prefix: 'TXN',
  input: ({ currency }) => transactionInput(currency),
  at: (input) => new Date(input.occurredAt).toISOString(),
  build: (input, context) => ({
    ...recordBase('transactions', context, new Date(input.occurredAt).toISOString()),
    ...input,
    occurredAt: new Date(input.occurredAt).toISOString(),
  }),
  companions: (record, context, newId) => {
    const earned = counts(record) ? Math.floor(((record.amount as Money).amount / 100) * context.settings.loyalty.pointsPerUnit) : 0;
    if (earned <= 0) return [];
    const id = newId('points', Date.parse(record.at));
    return [{ ...recordBase('points', { ...context, id }, record.at), delta: earned, reason: 'purchase', sourceId: record.id }];
  },
  effect: (figures, record) => (counts(record) ? addPurchase(figures, (record.amount as Money).amount, record.at) : figures),
  uniqueKeys: (record) => (record.externalId ? [{ scope: 'tenant', name: 'txn-external', value: String(record.externalId), field: 'externalId' }] : []),
  event: 'transaction.recorded',
  eventData: (record) => ({ amount: record.amount, status: record.status, channel: record.channel, occurredAt: record.at }),
};
