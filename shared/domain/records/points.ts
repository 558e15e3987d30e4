import * as z from 'zod';
import { changeCounters } from '../customer-figures.ts';
import { defineRecordKind, recordBase, type BuildContext, type CompanionContext } from './record-kind.ts';

/** A points ledger entry; the balance is the sum of the ledger and never goes below zero. */
export const PointsInputSchema = z.strictObject({
  delta: z
    .number()
    .int('Must be a whole number')
    .min(-10_000_000)
    .max(10_000_000)
    .refine((delta) => delta !== 0, 'Must not be 0'),
  reason: z.string().trim().min(1).max(200),
});
export type PointsInput = z.output<typeof PointsInputSchema>;

const buildPointsEntry = (input: PointsInput & { sourceId?: string }, context: Pick<BuildContext, 'id' | 'customerId' | 'now' | 'actorId'>, at?: string) => ({
  ...recordBase('points', context, at),
  ...input,
});
export type PointsRecord = ReturnType<typeof buildPointsEntry>;

/**
 * The points a completed purchase earns, as a ledger entry written with the purchase: it happened
 * when the purchase did, and names the purchase as its source.
 */
export const pointsEarnedBy = (purchase: { id: string; at: string }, earned: number, context: CompanionContext): PointsRecord =>
  buildPointsEntry({ delta: earned, reason: 'purchase', sourceId: purchase.id }, { ...context, id: context.newId('points', Date.parse(purchase.at)) }, purchase.at);

export const points = defineRecordKind({
  name: 'points',
  singular: 'points entry',
  idKind: 'points',
  prefix: 'PTS',
  inputSchemaFor: () => PointsInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  build: (input, context) => buildPointsEntry(input, context),
  effect: (figures, record) => changeCounters(figures, { points: record.delta }),
  event: (record) => ({ type: 'points.changed', data: { customerId: record.customerId, recordId: record.id, delta: record.delta } }),
});
