import * as z from 'zod';
import { IsoDateTimeSchema, idSchema } from '../values.ts';
import { recordBase, type RecordKind } from './record-kind.ts';

export const followupStatuses = ['open', 'done', 'cancelled'] as const;

export const followupInput = z.strictObject({
  dueAt: IsoDateTimeSchema,
  title: z.string().trim().min(1).max(200),
  notes: z.string().max(5000).optional(),
  assigneeUserId: idSchema('user').optional(),
});
export type FollowupInput = z.output<typeof followupInput>;

export const FollowupUpdateSchema = z
  .strictObject({
    status: z.enum(['done', 'cancelled']).optional(),
    outcome: z.string().trim().min(1).max(5000).optional(),
    dueAt: IsoDateTimeSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Name at least one field to change', when: (p) => p.issues.length === 0 });
export type FollowupUpdate = z.output<typeof FollowupUpdateSchema>;

export const followups: RecordKind<FollowupInput> = {
  name: 'followups',
  singular: 'followup',
  idKind: 'followup',
  prefix: 'FUP',
  input: () => followupInput,
  at: (_input, now) => now.toISOString(),
  build: (input, context) => ({
    ...recordBase('followups', context),
    ...input,
    dueAt: new Date(input.dueAt).toISOString(),
    status: 'open',
  }),
  // Open follow-ups by due time for the whole tenant (GSI2) and per assignee (GSI3).
  crossLists: (record) => ({
    GSI2: { pk: `FOLLOWUP#${String(record.status)}`, sk: `${record.dueAt}#${record.id}` },
    ...(record.assigneeUserId
      ? { GSI3: { pk: `FOLLOWUP#${String(record.status)}#${String(record.assigneeUserId)}`, sk: `${record.dueAt}#${record.id}` } }
      : {}),
  }),
  event: 'followup.created',
  eventData: (record) => ({ dueAt: record.dueAt, assigneeUserId: record.assigneeUserId, status: record.status }),
};
