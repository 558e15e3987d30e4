import * as z from 'zod';
import { noteInteraction } from '../customer-figures.ts';
import { IsoDateTimeSchema, idSchema } from '../values.ts';
import { recordBase, type RecordKind } from './record-kind.ts';

export const interactionInput = z.strictObject({
  occurredAt: IsoDateTimeSchema,
  channel: z.enum(['phone', 'email', 'sms', 'wechat', 'visit', 'chat', 'social', 'other']),
  direction: z.enum(['inbound', 'outbound']),
  topic: z.string().trim().min(1).max(200),
  summary: z.string().max(5000).optional(),
  userId: idSchema('user').optional(),
});
export type InteractionInput = z.output<typeof interactionInput>;

export const interactions: RecordKind<InteractionInput> = {
  name: 'interactions',
  singular: 'interaction',
  idKind: 'interaction',
  prefix: 'INT',
  input: () => interactionInput,
  at: (input) => new Date(input.occurredAt).toISOString(),
  build: (input, context) => ({
    ...recordBase('interactions', context, new Date(input.occurredAt).toISOString()),
    ...input,
    occurredAt: new Date(input.occurredAt).toISOString(),
  }),
  effect: (figures, record) => noteInteraction(figures, record.at),
  event: 'interaction.logged',
  eventData: (record) => ({ channel: record.channel, direction: record.direction, occurredAt: record.at }),
};
