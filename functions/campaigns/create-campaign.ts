import { CampaignInputSchema, CampaignSchema } from '#shared/domain/campaign';
import { created } from '#shared/http/responses';
import { openCampaign } from '#shared/services/campaigns';
import { route } from '../http-route.ts';

export const handler = route('create-campaign', {
  body: CampaignInputSchema,
  response: { 201: CampaignSchema },
  handle: async ({ caller, body }) => created(await openCampaign(caller, body)),
});
