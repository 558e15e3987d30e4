import { CampaignPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readCampaign } from '#shared/services/campaigns';
import { route } from '../http-route.ts';

export const handler = route('get-campaign', {
  params: CampaignPathSchema,
  handle: async ({ caller, params }) => ok(await readCampaign(caller, params)),
});
