import { CampaignSchema } from '#shared/domain/campaign';
import { CampaignPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readCampaign } from '#shared/services/campaigns';
import { route } from '../http-route.ts';

export const handler = route('get-campaign', {
  params: CampaignPathSchema,
  response: { 200: CampaignSchema },
  handle: async ({ caller, params }) => ok(await readCampaign(caller, params)),
});
