import * as z from 'zod';
import { idSchemaFor } from '../values.ts';
import { defineRecordKind, recordBase } from './record-kind.ts';

export const ParticipationInputSchema = z.strictObject({
  campaignId: idSchemaFor('campaign'),
  status: z.enum(['invited', 'attended', 'responded', 'converted']),
  feedback: z.string().max(2000).optional(),
});
export type ParticipationInput = z.output<typeof ParticipationInputSchema>;

export const participations = defineRecordKind({
  name: 'participations',
  singular: 'participation',
  idKind: 'participation',
  prefix: 'PRT',
  inputSchemaFor: () => ParticipationInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  build: (input, context) => ({ ...recordBase('participations', context), ...input }),
  references: (input) => [{ field: 'campaignId', to: 'campaign', id: input.campaignId }],
  // One participation per customer and campaign.
  uniqueKeys: (record) => [{ scope: 'customer', name: 'campaign', value: record.campaignId, field: 'campaignId' }],
});
