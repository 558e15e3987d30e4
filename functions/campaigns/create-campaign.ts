import { CampaignInputSchema } from '#shared/domain/campaign';
import { created } from '#shared/http/responses';
import { openCampaign } from '#shared/services/campaigns';
import { route } from '../http-route.ts';

export const handler = route('create-campaign', {
  body: CampaignInputSchema,
  handle: async (request) => created(await openCampaign(request.scope, request.principal, request.body, request)),
});
