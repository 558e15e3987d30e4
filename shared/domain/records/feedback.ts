import * as z from 'zod';
import { noteFeedbackScores } from '../customer-figures.ts';
import { DossierError } from '../errors.ts';
import { IsoDateTimeSchema } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, revised, type BuildContext, type CrossList, type RecordChange } from './record-kind.ts';

export const feedbackStatuses = ['open', 'in_progress', 'resolved'] as const;
export const feedbackTypes = ['complaint', 'suggestion', 'praise', 'survey'] as const;

export const FeedbackInputSchema = z.strictObject({
  type: z.enum(feedbackTypes),
  content: z.string().trim().min(1).max(5000),
  rating: z.number().int('Must be a whole number').min(1).max(5).optional(),
  nps: z.number().int('Must be a whole number').min(0).max(10).optional(),
  channel: z.string().trim().min(1).max(50).optional(),
});
export type FeedbackInput = z.output<typeof FeedbackInputSchema>;

/** Complaints are worked on (open → in_progress → resolved); a resolution may be noted. */
export const FeedbackUpdateSchema = z.strictObject({
  status: z.enum(['in_progress', 'resolved']),
  resolution: z.string().trim().min(1).max(5000).optional(),
});
export type FeedbackUpdate = z.output<typeof FeedbackUpdateSchema>;

export const FeedbackSchema = z
  .object({
    ...recordBaseShape('feedback', 'feedback'),
    ...FeedbackInputSchema.shape,
    status: z.enum(feedbackStatuses),
    resolution: z.string().optional(),
    resolvedAt: IsoDateTimeSchema.optional(),
  })
  .meta({
    id: 'Feedback',
    description: 'A complaint, suggestion, praise or survey answer; complaints are worked on until resolved.',
    examples: [
      { id: 'fdb_01JD3K7A8B9C0D1E2F3G4H5J6K', kind: 'feedback', at: '2026-11-20T02:30:00.000Z', occurredAt: '2026-11-20T02:30:00.000Z', ...exampleBase, type: 'complaint', content: '茶水偏凉', rating: 2, status: 'resolved', resolution: '已更换并致歉', resolvedAt: '2026-11-20T03:00:00.000Z', updatedAt: '2026-11-20T03:00:00.000Z', version: 2 },
    ],
  });
export type FeedbackRecord = z.output<typeof FeedbackSchema>;

const buildFeedback = (input: FeedbackInput, context: BuildContext): FeedbackRecord => ({
  ...recordBase('feedback', context),
  ...input,
  status: 'open',
});

/** Feedback by status across customers, newest first (`GET /v1/feedback`). */
export const feedbackByStatus: CrossList<FeedbackRecord> = { index: 'GSI2', label: 'FEEDBACK', partition: ['status'], sort: ['createdAt', 'id'] };

const changeFeedback = (record: FeedbackRecord, update: FeedbackUpdate, now: Date): RecordChange<FeedbackRecord> => {
  if (record.status === 'resolved') throw new DossierError('conflict', { detail: 'This feedback is already resolved' });
  if (record.status === update.status) throw new DossierError('conflict', { detail: `This feedback is already ${update.status}` });
  const resolved = update.status === 'resolved';
  return {
    record: revised(record, { status: update.status, resolution: update.resolution ?? record.resolution, ...(resolved ? { resolvedAt: now.toISOString() } : {}) }, now),
    ...(resolved ? { event: { type: 'feedback.resolved', data: { customerId: record.customerId, recordId: record.id, type: record.type } } } : {}),
  };
};

export const feedback = defineRecordKind({
  name: 'feedback',
  singular: 'feedback',
  idKind: 'feedback',
  prefix: 'FDB',
  inputSchemaFor: () => FeedbackInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  schema: FeedbackSchema,
  build: buildFeedback,
  effect: (figures, record) => noteFeedbackScores(figures, { rating: record.rating, nps: record.nps }),
  lists: [feedbackByStatus],
  event: (record) => ({
    type: 'feedback.received',
    data: { customerId: record.customerId, recordId: record.id, type: record.type, rating: record.rating, nps: record.nps, status: record.status },
  }),
  update: { schema: FeedbackUpdateSchema, apply: changeFeedback },
});
