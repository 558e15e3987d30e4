import * as z from 'zod';
import { changeCounters } from '../customer-figures.ts';
import { IsoDateTimeSchema, type Money } from '../values.ts';
import { moneyIn } from './money-terms.ts';
import { recordBase, type CustomerRecord, type RecordKind } from './record-kind.ts';

/** Credit: what the customer owes, when, and whether it was paid. */
export const paymentInput = (currency: string) =>
  z.strictObject({
    dueAt: IsoDateTimeSchema,
    amount: moneyIn(currency, { positive: true }),
    paidAt: IsoDateTimeSchema.optional(),
  });
export type PaymentInput = z.output<ReturnType<typeof paymentInput>>;

export const PaymentUpdateSchema = z.strictObject({ paidAt: IsoDateTimeSchema });

/** pending until paid; overdue once its due time has passed unpaid. */
export const paymentStatusAt = (record: { dueAt: unknown; paidAt?: unknown }, now: Date): 'paid' | 'pending' | 'overdue' =>
  record.paidAt ? 'paid' : Date.parse(String(record.dueAt)) < now.getTime() ? 'overdue' : 'pending';

const owed = (record: CustomerRecord) => (record.status === 'paid' ? 0 : (record.amount as Money).amount);

export const payments: RecordKind<PaymentInput> = {
  name: 'payments',
  singular: 'payment',
  idKind: 'payment',
  prefix: 'PAY',
  input: ({ currency }) => paymentInput(currency),
  at: (_input, now) => now.toISOString(),
  build: (input, context) => {
    const dueAt = new Date(input.dueAt).toISOString();
    const paidAt = input.paidAt ? new Date(input.paidAt).toISOString() : undefined;
    return {
      ...recordBase('payments', context),
      amount: input.amount,
      dueAt,
      ...(paidAt ? { paidAt } : {}),
      status: paymentStatusAt({ dueAt, paidAt }, context.now),
    };
  },
  effect: (figures, record) =>
    changeCounters(figures, { creditOutstanding: owed(record), overduePayments: record.status === 'overdue' ? 1 : 0 }),
  // Unpaid payments by due time, so the nightly job finds the ones that just fell overdue.
  crossLists: (record) => (record.status === 'pending' ? { GSI3: { pk: 'PAYMENT#pending', sk: `${record.dueAt}#${record.id}` } } : {}),
};
