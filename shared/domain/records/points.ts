import * as z from 'zod';
import { changeCounters } from '../customer-figures.ts';
import { recordBase, type RecordKind } from './record-kind.ts';

/** A points ledger entry; the balance is the sum of the ledger and never goes below zero. */
export const pointsInput = z.strictObject({
  delta: z
    .number()
    .int('Must be a whole number')
    .min(-10_000_000)
    .max(10_000_000)
    .refine((delta) => delta !== 0, 'Must not be 0'),
  reason: z.string().trim().min(1).max(200),
});
export type PointsInput = z.output<typeof pointsInput>;

export const points: RecordKind<PointsInput> = {
  name: 'points',
  singular: 'points entry',
  idKind: 'points',
  prefix: 'PTS',
  input: () => pointsInput,
  at: (_input, now) => now.toISOString(),
  build: (input, context) => ({
    ...recordBase('points', context),
    ...input,
  }),
  effect: (figures, record) => changeCounters(figures, { points: record.delta as number }),
  event: 'points.changed',
  eventData: (record) => ({ delta: record.delta }),
};
