import * as z from 'zod';
import { changeCounters } from '../customer-figures.ts';
import { idPrefixes } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, type BuildContext, type CompanionContext } from './record-kind.ts';

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

export const PointsEntrySchema = z
  .object({
    ...recordBaseShape('points', 'points'),
    delta: z.number().int(),
    reason: z.string(),
    sourceId: z.string().optional().describe('What the entry is for: the purchase that earned the points, or the refund that took them back'),
  })
  .meta({
    id: 'PointsEntry',
    description: 'An entry of the customer’s points ledger; the balance is the sum of the ledger and never goes below zero.',
    examples: [{ id: 'pts_01JD3K7A8B9C0D1E2F3G4H5J6K', kind: 'points', at: '2026-11-20T02:30:00.000Z', occurredAt: '2026-11-20T02:30:00.000Z', ...exampleBase, delta: 128, reason: 'purchase', sourceId: 'txn_01JD3K7A8B9C0D1E2F3G4H5J6K' }],
  });
export type PointsRecord = z.output<typeof PointsEntrySchema>;

const buildPointsEntry = (input: PointsInput & { sourceId?: string }, context: Pick<BuildContext, 'id' | 'customerId' | 'now' | 'actorId'>, at?: string): PointsRecord => ({
  ...recordBase('points', context, at),
  ...input,
});

/** The id of the ledger entry of the points a purchase earned: the purchase's own ULID. */
export const earnedEntryIdOf = (purchaseId: string): string => `${idPrefixes.points}_${purchaseId.slice(purchaseId.indexOf('_') + 1)}`;

/**
 * The ledger entry of the points a completed purchase earned. It is not an item of its own: the
 * purchase's item carries it (`pointsEntryId`, `pointsEarned`), so a purchase writes one record,
 * and the ledger, the timeline and a look-up by id show it as this entry (docs/decisions.md,
 * "A purchase carries its points entry"). It happened when the purchase did, and names it.
 */
export const pointsEarnedBy = (purchase: {
  id: string;
  customerId: string;
  at: string;
  createdAt: string;
  createdBy: string;
  pointsEntryId?: string | undefined;
  pointsEarned?: number | undefined;
}): PointsRecord | undefined =>
  purchase.pointsEntryId && purchase.pointsEarned
    ? {
        ...recordBase('points', { id: purchase.pointsEntryId, customerId: purchase.customerId, now: new Date(purchase.createdAt), actorId: purchase.createdBy }, purchase.at),
        delta: purchase.pointsEarned,
        reason: 'purchase',
        sourceId: purchase.id,
      }
    : undefined;

/**
 * The points a refund takes back from the balance, as a ledger entry written with the refund: it
 * happened when the refund did, and names the refund as its source.
 */
export const pointsReversedBy = (refund: { id: string; at: string }, taken: number, context: CompanionContext): PointsRecord =>
  buildPointsEntry({ delta: -taken, reason: 'refund', sourceId: refund.id }, { ...context, id: context.newId('points', Date.parse(refund.at)) }, refund.at);

export const points = defineRecordKind({
  name: 'points',
  singular: 'points entry',
  idKind: 'points',
  prefix: 'PTS',
  inputSchemaFor: () => PointsInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  schema: PointsEntrySchema,
  build: (input, context) => buildPointsEntry(input, context),
  effect: (figures, record) => changeCounters(figures, { points: record.delta }),
  event: (record) => ({ type: 'points.changed', data: { customerId: record.customerId, recordId: record.id, delta: record.delta } }),
});
