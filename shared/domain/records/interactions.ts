import * as z from 'zod';
import { noteInteraction } from '../customer-figures.ts';
import { RecordTimeSchema, idSchemaFor } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape } from './record-kind.ts';

export const InteractionInputSchema = z.strictObject({
  occurredAt: RecordTimeSchema,
  channel: z.enum(['phone', 'email', 'sms', 'wechat', 'visit', 'chat', 'social', 'other']),
  direction: z.enum(['inbound', 'outbound']),
  topic: z.string().trim().min(1).max(200),
  summary: z.string().max(5000).optional(),
  userId: idSchemaFor('user').optional(),
});
export type InteractionInput = z.output<typeof InteractionInputSchema>;

export const InteractionSchema = z
  .object({ ...recordBaseShape('interactions', 'interaction'), ...InteractionInputSchema.shape })
  .meta({
    id: 'Interaction',
    description: 'A conversation with a customer: a call, a visit, a WeChat chat…',
    examples: [
      {
        id: 'int_01JD3K7A8B9C0D1E2F3G4H5J6K',
        kind: 'interactions',
        at: '2026-11-21T06:00:00.000Z',
        ...exampleBase,
        occurredAt: '2026-11-21T06:00:00.000Z',
        channel: 'wechat',
        direction: 'outbound',
        topic: '新茶到店通知',
        summary: '客户表示周末到店品尝',
      },
    ],
  });
export type InteractionRecord = z.output<typeof InteractionSchema>;

export const interactions = defineRecordKind({
  name: 'interactions',
  singular: 'interaction',
  idKind: 'interaction',
  prefix: 'INT',
  inputSchemaFor: () => InteractionInputSchema,
  occurredAt: (input) => new Date(input.occurredAt).toISOString(),
  schema: InteractionSchema,
  build: (input, context): InteractionRecord => {
    const occurredAt = new Date(input.occurredAt).toISOString();
    return { ...recordBase('interactions', context, occurredAt), ...input, occurredAt };
  },
  references: (input) => (input.userId ? [{ field: 'userId', to: 'user', id: input.userId }] : []),
  effect: (figures, record) => noteInteraction(figures, record.at),
  event: (record) => ({
    type: 'interaction.logged',
    data: { customerId: record.customerId, recordId: record.id, channel: record.channel, direction: record.direction, occurredAt: record.at },
  }),
});
