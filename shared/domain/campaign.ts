import * as z from 'zod';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['promotion', 'event', 'survey', 'newsletter', 'loyalty', 'other']),
  startsAt: IsoDateTimeSchema,
  endsAt: IsoDateTimeSchema.optional(),
  description: z.string().max(2000).optional(),
};

export const CampaignInputSchema = z
  .strictObject(campaignFields)
  .refine((c) => !c.endsAt || Date.parse(c.endsAt) >= Date.parse(c.startsAt), {
    path: ['endsAt'],
    message: 'Must not be before startsAt',
    when: (payload) => payload.issues.length === 0,
  });
export type CampaignInput = z.output<typeof CampaignInputSchema>;

export const CampaignInvitationsSchema = z
  .object({
    segmentId: idSchemaFor('segment'),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    invited: z.number().int().min(0),
    alreadyInvited: z.number().int().min(0).describe('Members who had a participation in the campaign already: not invited twice'),
    failed: z.number().int().min(0).describe('Members who could not be invited (erased or closed meanwhile)'),
    requestedAt: IsoDateTimeSchema,
    completedAt: IsoDateTimeSchema.optional(),
  })
  .meta({ id: 'CampaignInvitations', description: "The campaign's invitations of a segment (the latest asked for), made in the background" });
/** The campaign's invitations of a segment (the latest asked for), made in the background. */
export type CampaignInvitations = z.output<typeof CampaignInvitationsSchema>;

export const CampaignSchema = z
  .object({
    id: idSchemaFor('campaign'),
    ...campaignFields,
    createdAt: IsoDateTimeSchema,
    createdBy: z.string().describe('The user or API key that opened it'),
    invitations: CampaignInvitationsSchema.optional(),
  })
  .meta({
    id: 'Campaign',
    examples: [
      {
        id: 'cmp_01JD3K0000AAAABBBBCCCCDDDD',
        name: '中秋品茶会',
        kind: 'event',
        startsAt: '2026-09-25T10:00:00.000+08:00',
        endsAt: '2026-09-25T17:00:00.000+08:00',
        createdAt: '2026-09-01T08:00:00.000Z',
        createdBy: 'usr_01JD3K0000AAAABBBBCCCCDDDD',
      },
    ],
  });
export type Campaign = z.output<typeof CampaignSchema>;
