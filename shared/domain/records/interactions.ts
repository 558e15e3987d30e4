import * as z from 'zod';
import { noteInteraction } from '../customer-figures.ts';
import { IsoDateTimeSchema, idSchemaFor } from '../values.ts';
import { defineRecordKind, recordBase } from './record-kind.ts';

export const InteractionInputSchema = z.strictObject({
  occurredAt: IsoDateTimeSchema,
  channel: z.enum(['phone', 'email', 'sms', 'wechat', 'visit', 'chat', 'social', 'other']),
  direction: z.enum(['inbound', 'outbound']),
  topic: z.string().trim().min(1).max(200),
  summary: z.string().max(5000).optional(),
  userId: idSchemaFor('user').optional(),
});
export type InteractionInput = z.output<typeof InteractionInputSchema>;

export const interactions = defineRecordKind({
  name: 'interactions',
  singular: 'interaction',
  idKind: 'interaction',
  prefix: 'INT',
  inputSchemaFor: () => InteractionInputSchema,
  occurredAt: (input) => new Date(input.occurredAt).toISOString(),
  build: (input, context) => {
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
