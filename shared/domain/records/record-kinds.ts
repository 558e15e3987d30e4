import { coupons } from './coupons.ts';
import { feedback } from './feedback.ts';
import { followups } from './followups.ts';
import { interactions } from './interactions.ts';
import { participations } from './participations.ts';
import { payments } from './payments.ts';
import { points } from './points.ts';
import type { AnyRecordKind, RecordKindName } from './record-kind.ts';
import { transactions } from './transactions.ts';

/** Every kind of record, by its path segment. */
export const recordKinds: Record<RecordKindName, AnyRecordKind> = {
  transactions,
  interactions,
  feedback,
  followups,
  payments,
  points,
  coupons,
  participations,
};
