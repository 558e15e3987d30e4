import { coupons } from './coupons.ts';
import { feedback } from './feedback.ts';
import { followups } from './followups.ts';
import { interactions } from './interactions.ts';
import { participations } from './participations.ts';
import { payments } from './payments.ts';
import { points } from './points.ts';
import { idPrefixes } from '../values.ts';
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

export const recordKindNames = Object.keys(recordKinds) as RecordKindName[];

/** The kind of a record id, from its prefix (`txn_…` → transactions). */
export const kindOfRecordId = (recordId: string): AnyRecordKind | undefined =>
  Object.values(recordKinds).find((kind) => recordId.startsWith(`${idPrefixes[kind.idKind]}_`));
