import * as z from 'zod';
import { IsoDateTimeSchema } from './values.ts';

export const CampaignInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['promotion', 'event', 'survey', 'newsletter', 'loyalty', 'other']),
    startsAt: IsoDateTimeSchema,
    endsAt: IsoDateTimeSchema.optional(),
    description: z.string().max(2000).optional(),
  })
  .refine((c) => !c.endsAt || Date.parse(c.endsAt) >= Date.parse(c.startsAt), {
    path: ['endsAt'],
    message: 'Must not be before startsAt',
    when: (payload) => payload.issues.length === 0,
  });
export type CampaignInput = z.output<typeof CampaignInputSchema>;

/** The campaign's invitations of a segment (the latest asked for), made in the background. */
export interface CampaignInvitations {
  segmentId: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  invited: number;
  /** Members who had a participation in the campaign already: not invited twice. */
  alreadyInvited: number;
  /** Members who could not be invited (erased meanwhile). */
  failed: number;
  requestedAt: string;
  completedAt?: string;
}

export interface Campaign extends CampaignInput {
  id: string;
  createdAt: string;
  createdBy: string;
  invitations?: CampaignInvitations;
}
