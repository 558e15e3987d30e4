import * as z from 'zod';
import { CouponSchema, coupons } from './coupons.ts';
import { FeedbackSchema, feedback } from './feedback.ts';
import { FollowupSchema, followups } from './followups.ts';
import { InteractionSchema, interactions } from './interactions.ts';
import { MessageSchema, messages } from './messages.ts';
import { ParticipationSchema, participations } from './participations.ts';
import { PaymentSchema, payments } from './payments.ts';
import { PointsEntrySchema, points } from './points.ts';
import type { Figures } from '../customer-figures.ts';
import type { RecordBase, RecordKind } from './record-kind.ts';
import { RefundSchema, refunds } from './refunds.ts';
import { TransactionSchema, transactions } from './transactions.ts';

const declared = { transactions, refunds, interactions, feedback, followups, payments, points, coupons, participations, messages };
type Declared = typeof declared;

/** Every kind of record, by its path segment. */
export type RecordKindName = keyof Declared;
export const recordKindNames: readonly string[] = Object.keys(declared);

type Parts<D> = D extends RecordKind<string, infer I, infer R, infer U> ? { input: I; record: R; update: U } : never;

export type RecordInput<K extends RecordKindName> = Parts<Declared[K]>['input'];
/** A record of kind K, with the base fields every record has (also where K is not yet known). */
export type RecordOf<K extends RecordKindName> = Parts<Declared[K]>['record'] & RecordBase<K>;
export type RecordUpdateOf<K extends RecordKindName> = Parts<Declared[K]>['update'];
export type KindOf<K extends RecordKindName> = RecordKind<K, RecordInput<K>, RecordOf<K>, RecordUpdateOf<K>>;

/** Any record of a customer: a union discriminated by `kind`. */
export type CustomerRecord = { [K in RecordKindName]: RecordOf<K> }[RecordKindName];

/**
 * The kinds as a map the compiler can follow: code generic in a kind name `K` gets `KindOf<K>`
 * from `recordKinds[name]` and may hand its functions a `RecordOf<K>` (TypeScript's correlated
 * union pattern), so no code outside a kind's own module needs to know its record's fields.
 */
export const recordKinds: { readonly [K in RecordKindName]: KindOf<K> } = declared;

/** Any record, as the timeline and the export answer them: one of the kinds' schemas, told apart by `kind`. */
export const RecordSchema = z
  .discriminatedUnion('kind', [TransactionSchema, RefundSchema, InteractionSchema, FeedbackSchema, FollowupSchema, PaymentSchema, PointsEntrySchema, CouponSchema, ParticipationSchema, MessageSchema])
  .meta({ id: 'Record', description: 'A record of a customer of any kind; `kind` says which.' });

export const isRecordKindName = (name: string): name is RecordKindName => recordKindNames.includes(name);

/** What one record, as it stands, contributes to its customer's figures (its kind's `effect`). */
export const applyEffect = <K extends RecordKindName>(figures: Figures, record: RecordOf<K>): Figures => {
  const kind = recordKinds[record.kind];
  return kind.effect ? kind.effect(figures, record) : figures;
};

/** A stored record and the records its item carries (a purchase's points entry), in timeline order (newest first). */
export const withCompanions = <K extends RecordKindName>(record: RecordOf<K>): CustomerRecord[] => [record, ...(recordKinds[record.kind].companions?.(record) ?? [])];

/**
 * The kind whose items carry records of another kind, and the field an item that carries one
 * has: a purchase carries the points entry of what it earned (`pointsEntryId`).
 */
export const carriers: { readonly [K in RecordKindName]?: { kind: RecordKindName; marker: string } } = {
  points: { kind: 'transactions', marker: 'pointsEntryId' },
};
