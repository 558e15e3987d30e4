import * as z from 'zod';
import { idSchema } from '../values.ts';
import { recordBase, type RecordKind } from './record-kind.ts';

export const participationInput = z.strictObject({
  campaignId: idSchema('campaign'),
  status: z.enum(['invited', 'attended', 'responded', 'converted']),
  feedback: z.string().max(2000).optional(),
});
export type ParticipationInput = z.output<typeof participationInput>;

export const participations: RecordKind<ParticipationInput> = {
  name: 'participations',
  singular: 'participation',
  idKind: 'participation',
  prefix: 'PRT',
  input: () => participationInput,
  at: (_input, now) => now.toISOString(),
  build: (input, context) => ({
    ...recordBase('participations', context),
    ...input,
  }),
  // One participation per customer and campaign.
  uniqueKeys: (record) => [{ scope: 'customer', name: 'campaign', value: String(record.campaignId), field: 'campaignId' }],
};
