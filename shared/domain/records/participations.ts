import * as z from 'zod';
import { idSchemaFor } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape } from './record-kind.ts';

export const ParticipationInputSchema = z.strictObject({
  campaignId: idSchemaFor('campaign'),
  status: z.enum(['invited', 'attended', 'responded', 'converted']),
  feedback: z.string().max(2000).optional(),
});
export type ParticipationInput = z.output<typeof ParticipationInputSchema>;

export const ParticipationSchema = z
  .object({ ...recordBaseShape('participations', 'participation'), ...ParticipationInputSchema.shape })
  .meta({
    id: 'Participation',
    description: 'A customer’s part in a campaign.',
    examples: [{ id: 'prt_01JD3K7A8B9C0D1E2F3G4H5J6K', kind: 'participations', at: '2026-11-20T02:30:00.000Z', occurredAt: '2026-11-20T02:30:00.000Z', ...exampleBase, campaignId: 'cmp_01JD3K0000AAAABBBBCCCCDDDD', status: 'attended', feedback: '很喜欢这次品茶会' }],
  });
export type ParticipationRecord = z.output<typeof ParticipationSchema>;

export const participations = defineRecordKind({
  name: 'participations',
  singular: 'participation',
  idKind: 'participation',
  prefix: 'PRT',
  inputSchemaFor: () => ParticipationInputSchema,
  occurredAt: (_input, now) => now.toISOString(),
  schema: ParticipationSchema,
  build: (input, context): ParticipationRecord => ({ ...recordBase('participations', context), ...input }),
  references: (input) => [{ field: 'campaignId', to: 'campaign', id: input.campaignId }],
  // One participation per customer and campaign.
  uniqueKeys: (record) => [{ scope: 'customer', name: 'campaign', value: record.campaignId, field: 'campaignId' }],
});
