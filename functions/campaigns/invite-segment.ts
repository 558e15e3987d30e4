import * as z from 'zod';
import { CampaignSchema } from '#shared/domain/campaign';
import { idSchemaFor } from '#shared/domain/values';
import { CampaignPathSchema } from '#shared/http/path-schemas';
import { accepted } from '#shared/http/responses';
import { inviteSegment } from '#shared/services/campaign-invitations';
import { route } from '../http-route.ts';

export const handler = route('invite-segment', {
  params: CampaignPathSchema,
  body: z.strictObject({ segmentId: idSchemaFor('segment') }),
  response: { 202: CampaignSchema },
  handle: async ({ caller, params, body }) => accepted(await inviteSegment(caller, { campaignId: params.campaignId, segmentId: body.segmentId })),
});
