import * as z from 'zod';
import { changeCounters } from '../customer-figures.ts';
import { DossierError } from '../errors.ts';
import type { TenantTerms } from '../tenant.ts';
import { IsoDateTimeSchema, type Money } from '../values.ts';
import { tenantMoneySchemaFor } from './money-terms.ts';
import { defineRecordKind, recordBase, revised, type BuildContext, type CrossList, type RecordBase, type RecordChange } from './record-kind.ts';

/** Credit: what the customer owes, when, and whether it was paid. */
export const paymentInputSchemaFor = (terms: TenantTerms) =>
  z.strictObject({
    dueAt: IsoDateTimeSchema,
    amount: tenantMoneySchemaFor(terms, { positive: true }),
    paidAt: IsoDateTimeSchema.optional(),
  });
export type PaymentInput = z.output<ReturnType<typeof paymentInputSchemaFor>>;

export const PaymentUpdateSchema = z.strictObject({ paidAt: IsoDateTimeSchema });
export type PaymentUpdate = z.output<typeof PaymentUpdateSchema>;

type PaymentStatus = 'paid' | 'pending' | 'overdue';

/** pending until paid; overdue once its due time has passed unpaid. */
export const paymentStatusAt = (record: { dueAt: string; paidAt?: string | undefined }, now: Date): PaymentStatus =>
  record.paidAt ? 'paid' : Date.parse(record.dueAt) < now.getTime() ? 'overdue' : 'pending';

export type PaymentRecord = RecordBase<'payments'> & { amount: Money; dueAt: string; paidAt?: string; status: PaymentStatus };

const buildPayment = (input: PaymentInput, context: BuildContext): PaymentRecord => {
  const dueAt = new Date(input.dueAt).toISOString();
  const paidAt = input.paidAt ? new Date(input.paidAt).toISOString() : undefined;
  return {
    ...recordBase('payments', context),
    amount: input.amount,
    dueAt,
    ...(paidAt ? { paidAt } : {}),
    status: paymentStatusAt({ dueAt, paidAt }, context.now),
  };
};

/** Unpaid payments by due time, so the nightly job finds the ones that just fell overdue. */
export const pendingPayments: CrossList<PaymentRecord> = {
  index: 'GSI3',
  label: 'PAYMENT',
  partition: ['status'],
  sort: ['dueAt', 'id'],
  includes: (record) => record.status === 'pending',
};

const owed = (record: PaymentRecord) => (record.status === 'paid' ? 0 : record.amount.amount);

const payPayment = (record: PaymentRecord, update: PaymentUpdate, now: Date): RecordChange<PaymentRecord> => {
  if (record.status === 'paid') throw new DossierError('conflict', { detail: 'This payment is already paid' });
  const wasOverdue = record.status === 'overdue';
  return {
    record: revised(record, { status: 'paid', paidAt: new Date(update.paidAt).toISOString() }, now),
    figures: (figures) => changeCounters(figures, { creditOutstanding: -record.amount.amount, overduePayments: wasOverdue ? -1 : 0 }),
  };
};

/** A payment whose due time passed unpaid (the nightly job). */
export const markOverdue = (record: PaymentRecord, now: Date): RecordChange<PaymentRecord> => ({
  record: revised(record, { status: 'overdue' }, now),
  figures: (figures) => changeCounters(figures, { overduePayments: 1 }),
});

export const payments = defineRecordKind({
  name: 'payments',
  singular: 'payment',
  idKind: 'payment',
  prefix: 'PAY',
  inputSchemaFor: paymentInputSchemaFor,
  occurredAt: (_input, now) => now.toISOString(),
  build: buildPayment,
  effect: (figures, record) =>
    changeCounters(figures, { creditOutstanding: owed(record), overduePayments: record.status === 'overdue' ? 1 : 0 }),
  lists: [pendingPayments],
  update: { schema: PaymentUpdateSchema, apply: payPayment },
});
