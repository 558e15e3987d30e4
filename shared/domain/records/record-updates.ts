import { changeCounters, type Figures } from '../customer-figures.ts';
import { DossierError } from '../errors.ts';
import type { Money } from '../values.ts';
import { FeedbackUpdateSchema, type FeedbackUpdate } from './feedback.ts';
import { FollowupUpdateSchema, type FollowupUpdate } from './followups.ts';
import { PaymentUpdateSchema } from './payments.ts';
import type { CustomerRecord, RecordKindName } from './record-kind.ts';

/**
 * The changes a record can go through after it is written: a complaint worked to resolution, a
 * follow-up done or moved, a payment paid. Each returns the new record, the event it causes and
 * what it does to the profile's figures.
 */
export interface RecordChange {
  record: CustomerRecord;
  event?: { type: 'feedback.resolved' | 'followup.completed' | 'coupon.redeemed'; data: Record<string, unknown> };
  figures?: (figures: Figures) => Figures;
}

const refuse = (detail: string) => new DossierError('conflict', { detail });

const next = (record: CustomerRecord, changes: Record<string, unknown>, now: Date): CustomerRecord => ({
  ...record,
  ...changes,
  version: record.version + 1,
  updatedAt: now.toISOString(),
});

const changeFeedback = (record: CustomerRecord, update: FeedbackUpdate, now: Date): RecordChange => {
  if (record.status === 'resolved') throw refuse('This feedback is already resolved');
  if (record.status === update.status) throw refuse(`This feedback is already ${update.status}`);
  const resolved = update.status === 'resolved';
  return {
    record: next(record, { status: update.status, ...(update.resolution ? { resolution: update.resolution } : {}), ...(resolved ? { resolvedAt: now.toISOString() } : {}) }, now),
    ...(resolved ? { event: { type: 'feedback.resolved' as const, data: { type: record.type } } } : {}),
  };
};

const changeFollowup = (record: CustomerRecord, update: FollowupUpdate, now: Date): RecordChange => {
  if (record.status !== 'open') throw refuse(`This follow-up is already ${String(record.status)}`);
  const done = update.status === 'done';
  return {
    record: next(
      record,
      {
        ...(update.status ? { status: update.status, closedAt: now.toISOString() } : {}),
        ...(update.outcome ? { outcome: update.outcome } : {}),
        ...(update.dueAt ? { dueAt: new Date(update.dueAt).toISOString() } : {}),
      },
      now,
    ),
    ...(done ? { event: { type: 'followup.completed' as const, data: { assigneeUserId: record.assigneeUserId } } } : {}),
  };
};

const payPayment = (record: CustomerRecord, update: { paidAt: string }, now: Date): RecordChange => {
  if (record.status === 'paid') throw refuse('This payment is already paid');
  const amount = (record.amount as Money).amount;
  const wasOverdue = record.status === 'overdue';
  return {
    record: next(record, { status: 'paid', paidAt: new Date(update.paidAt).toISOString() }, now),
    figures: (figures) => changeCounters(figures, { creditOutstanding: -amount, overduePayments: wasOverdue ? -1 : 0 }),
  };
};

/** A payment whose due time passed unpaid (the nightly job). */
export const markOverdue = (record: CustomerRecord, now: Date): RecordChange => ({
  record: next(record, { status: 'overdue' }, now),
  figures: (figures) => changeCounters(figures, { overduePayments: 1 }),
});

export const recordChanges = {
  feedback: { schema: FeedbackUpdateSchema, apply: changeFeedback },
  followups: { schema: FollowupUpdateSchema, apply: changeFollowup },
  payments: { schema: PaymentUpdateSchema, apply: payPayment },
} satisfies Partial<Record<RecordKindName, { schema: unknown; apply: (record: CustomerRecord, update: never, now: Date) => RecordChange }>>;

export type ChangeableKind = keyof typeof recordChanges;
