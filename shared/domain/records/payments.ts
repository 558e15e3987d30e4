import * as z from 'zod';
import { changeCounters } from '../customer-figures.ts';
import { DossierError } from '../errors.ts';
import type { TenantTerms } from '../tenant.ts';
import { IsoDateTimeSchema, MoneySchema } from '../values.ts';
import { tenantMoneySchemaFor } from './money-terms.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, revised, type BuildContext, type CrossList, type RecordChange } from './record-kind.ts';

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

const paymentStatuses = ['pending', 'paid', 'overdue'] as const;
type PaymentStatus = (typeof paymentStatuses)[number];

/** pending until paid; overdue once its due time has passed unpaid. */
export const paymentStatusAt = (record: { dueAt: string; paidAt?: string | undefined }, now: Date): PaymentStatus =>
  record.paidAt ? 'paid' : Date.parse(record.dueAt) < now.getTime() ? 'overdue' : 'pending';

export const PaymentSchema = z
  .object({ ...recordBaseShape('payments', 'payment'), amount: MoneySchema, dueAt: IsoDateTimeSchema, paidAt: IsoDateTimeSchema.optional(), status: z.enum(paymentStatuses) })
  .meta({
    id: 'Payment',
    description: 'Credit a customer owes: pending until paid, overdue once its due time passed unpaid.',
    examples: [{ id: 'pay_01JD3K7A8B9C0D1E2F3G4H5J6K', kind: 'payments', at: '2026-11-20T02:30:00.000Z', occurredAt: '2026-11-20T02:30:00.000Z', ...exampleBase, amount: { amount: 50000, currency: 'CNY' }, dueAt: '2026-12-20T02:30:00.000Z', status: 'pending' }],
  });
export type PaymentRecord = z.output<typeof PaymentSchema>;

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

/**
 * A payment whose due time passed unpaid (the nightly job). The job finds candidates through an
 * index that may lag; this decides on the record as read for the write (which is conditional on
 * that version), so a payment paid meanwhile, or not yet due, is left as it is.
 */
export const markOverdue = (record: PaymentRecord, now: Date): RecordChange<PaymentRecord> | undefined =>
  record.status === 'pending' && paymentStatusAt(record, now) === 'overdue'
    ? { record: revised(record, { status: 'overdue' }, now), figures: (figures) => changeCounters(figures, { overduePayments: 1 }) }
    : undefined;

export const payments = defineRecordKind({
  name: 'payments',
  singular: 'payment',
  idKind: 'payment',
  prefix: 'PAY',
  inputSchemaFor: paymentInputSchemaFor,
  occurredAt: (_input, now) => now.toISOString(),
  schema: PaymentSchema,
  build: buildPayment,
  effect: (figures, record) =>
    changeCounters(figures, { creditOutstanding: owed(record), overduePayments: record.status === 'overdue' ? 1 : 0 }),
  lists: [pendingPayments],
  update: { schema: PaymentUpdateSchema, apply: payPayment },
});
