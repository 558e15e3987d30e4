import * as z from 'zod';
import { countOpenFollowup, type Figures } from '../customer-figures.ts';
import { DossierError } from '../errors.ts';
import { IsoDateTimeSchema, idSchemaFor } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, revised, type BuildContext, type CrossList, type RecordChange } from './record-kind.ts';

export const followupStatuses = ['open', 'done', 'cancelled'] as const;

export const FollowupInputSchema = z.strictObject({
  dueAt: IsoDateTimeSchema,
  title: z.string().trim().min(1).max(200),
  notes: z.string().max(5000).optional(),
  assigneeUserId: idSchemaFor('user').optional(),
});
export type FollowupInput = z.output<typeof FollowupInputSchema>;

export const FollowupUpdateSchema = z
  .strictObject({
    status: z.enum(['done', 'cancelled']).optional(),
    outcome: z.string().trim().min(1).max(5000).optional(),
    dueAt: IsoDateTimeSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Name at least one field to change', when: (p) => p.issues.length === 0 });
export type FollowupUpdate = z.output<typeof FollowupUpdateSchema>;

export const FollowupSchema = z
  .object({
    ...recordBaseShape('followups', 'followup'),
    ...FollowupInputSchema.shape,
    status: z.enum(followupStatuses),
    outcome: z.string().optional(),
    closedAt: IsoDateTimeSchema.optional(),
    remindedAt: IsoDateTimeSchema.optional().describe('When the assignee was told it is due (followup.due)'),
    escalateAt: IsoDateTimeSchema.optional().describe('When it is escalated to the managers if still open'),
    escalatedAt: IsoDateTimeSchema.optional().describe('When the managers were told it is still open (followup.overdue)'),
    occasion: z.string().optional().describe('The care rule and event that made it, for follow-ups Dossier scheduled itself'),
  })
  .meta({
    id: 'Followup',
    description: 'A follow-up (回访) due for a customer, assigned to a staff user or to no one.',
    examples: [
      { id: 'fup_01JD3K7A8B9C0D1E2F3G4H5J6K', kind: 'followups', at: '2026-11-20T02:30:00.000Z', occurredAt: '2026-11-20T02:30:00.000Z', ...exampleBase, dueAt: '2026-12-01T01:00:00.000Z', title: '回访新茶口感', assigneeUserId: 'usr_01JD3K0000AAAABBBBCCCCDDDD', status: 'open' },
    ],
  });
export type FollowupRecord = z.output<typeof FollowupSchema>;

const buildFollowup = (input: FollowupInput, context: BuildContext): FollowupRecord => ({
  ...recordBase('followups', context),
  ...input,
  dueAt: new Date(input.dueAt).toISOString(),
  status: 'open',
});

/** Follow-ups by status for the whole tenant, soonest due first (`GET /v1/followups`). */
export const followupsByStatus: CrossList<FollowupRecord> = { index: 'GSI2', label: 'FOLLOWUP', partition: ['status'], sort: ['dueAt', 'id'] };

/** The same per assignee (`GET /v1/followups?assigneeUserId=`); unassigned ones are not in it. */
export const followupsByAssignee: CrossList<FollowupRecord> = {
  index: 'GSI3',
  label: 'FOLLOWUP',
  partition: ['status', 'assigneeUserId'],
  sort: ['dueAt', 'id'],
  includes: (record) => record.assigneeUserId !== undefined,
};

const followupRef = (record: FollowupRecord) => ({ customerId: record.customerId, recordId: record.id, dueAt: record.dueAt, assigneeUserId: record.assigneeUserId });

/**
 * A follow-up that has come due: the assignee is told once (`followup.due`), and it is escalated
 * `escalateAfterHours` later if still open. Nothing to do for one already reminded, closed, or not due.
 */
export const remindFollowup = (record: FollowupRecord, now: Date, escalateAfterHours: number): RecordChange<FollowupRecord> | undefined => {
  if (record.status !== 'open' || record.remindedAt || Date.parse(record.dueAt) > now.getTime()) return undefined;
  const escalateAt = new Date(Date.parse(record.dueAt) + escalateAfterHours * 3600 * 1000).toISOString();
  return { record: revised(record, { remindedAt: now.toISOString(), escalateAt }, now), event: { type: 'followup.due', data: followupRef(record) } };
};

/** A follow-up still open at its escalation time: the managers are told once (`followup.overdue`). */
export const escalateFollowup = (record: FollowupRecord, now: Date): RecordChange<FollowupRecord> | undefined => {
  if (record.status !== 'open' || !record.escalateAt || record.escalatedAt || Date.parse(record.escalateAt) > now.getTime()) return undefined;
  return { record: revised(record, { escalatedAt: now.toISOString() }, now), event: { type: 'followup.overdue', data: followupRef(record) } };
};

const changeFollowup = (record: FollowupRecord, update: FollowupUpdate, now: Date): RecordChange<FollowupRecord> => {
  if (record.status !== 'open') throw new DossierError('conflict', { detail: `This follow-up is already ${record.status}` });
  return {
    record: revised(
      record,
      {
        ...(update.status ? { status: update.status, closedAt: now.toISOString() } : {}),
        ...(update.outcome ? { outcome: update.outcome } : {}),
        // A follow-up moved to a new due time is reminded (and escalated) anew.
        ...(update.dueAt ? { dueAt: new Date(update.dueAt).toISOString(), remindedAt: undefined, escalateAt: undefined, escalatedAt: undefined } : {}),
      },
      now,
    ),
    ...(update.status === 'done'
      ? { event: { type: 'followup.completed', data: { customerId: record.customerId, recordId: record.id, assigneeUserId: record.assigneeUserId } } }
      : {}),
    // Closed, it no longer lets its assignee see the customer (visibility `own`).
    ...(update.status && record.assigneeUserId ? { figures: (figures: Figures) => countOpenFollowup(figures, record.assigneeUserId!, -1) } : {}),
  };
};

export const followups = defineRecordKind({
  name: 'followups',
  singular: 'followup',
  idKind: 'followup',
  prefix: 'FUP',
  inputSchemaFor: () => FollowupInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  schema: FollowupSchema,
  build: buildFollowup,
  references: (input) => (input.assigneeUserId ? [{ field: 'assigneeUserId', to: 'user', id: input.assigneeUserId }] : []),
  // An open follow-up lets its assignee see the customer under `visibility: own`.
  effect: (figures, record) => (record.status === 'open' && record.assigneeUserId ? countOpenFollowup(figures, record.assigneeUserId, 1) : figures),
  lists: [followupsByStatus, followupsByAssignee],
  // Due work while open: first its due time (remind), then its escalation time (escalate).
  due: (record) => {
    if (record.status !== 'open' || record.escalatedAt) return undefined;
    if (!record.remindedAt) return { queue: 'followup', at: record.dueAt };
    return record.escalateAt ? { queue: 'followup', at: record.escalateAt } : undefined;
  },
  event: (record) => ({
    type: 'followup.created',
    data: { customerId: record.customerId, recordId: record.id, dueAt: record.dueAt, assigneeUserId: record.assigneeUserId, status: record.status },
  }),
  update: { schema: FollowupUpdateSchema, apply: changeFollowup },
});
