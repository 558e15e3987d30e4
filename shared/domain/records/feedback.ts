import * as z from 'zod';
import { noteFeedbackScores } from '../customer-figures.ts';
import { recordBase, type RecordKind } from './record-kind.ts';

export const feedbackStatuses = ['open', 'in_progress', 'resolved'] as const;
export const feedbackTypes = ['complaint', 'suggestion', 'praise', 'survey'] as const;

export const feedbackInput = z.strictObject({
  type: z.enum(feedbackTypes),
  content: z.string().trim().min(1).max(5000),
  rating: z.number().int('Must be a whole number').min(1).max(5).optional(),
  nps: z.number().int('Must be a whole number').min(0).max(10).optional(),
  channel: z.string().trim().min(1).max(50).optional(),
});
export type FeedbackInput = z.output<typeof feedbackInput>;

/** Complaints are worked on (open → in_progress → resolved); a resolution may be noted. */
export const FeedbackUpdateSchema = z.strictObject({
  status: z.enum(['in_progress', 'resolved']),
  resolution: z.string().trim().min(1).max(5000).optional(),
});
export type FeedbackUpdate = z.output<typeof FeedbackUpdateSchema>;

export const feedback: RecordKind<FeedbackInput> = {
  name: 'feedback',
  singular: 'feedback',
  idKind: 'feedback',
  prefix: 'FDB',
  input: () => feedbackInput,
  at: (_input, now) => now.toISOString(),
  build: (input, context) => ({
    ...recordBase('feedback', context),
    ...input,
    status: 'open',
  }),
  effect: (figures, record) =>
    noteFeedbackScores(figures, { rating: record.rating as number | undefined, nps: record.nps as number | undefined }),
  crossLists: (record) => ({ GSI2: { pk: `FEEDBACK#${String(record.status)}`, sk: `${record.createdAt}#${record.id}` } }),
  event: 'feedback.received',
  eventData: (record) => ({ type: record.type, rating: record.rating, nps: record.nps, status: record.status }),
};
