import { listCampaigns } from '#shared/data/campaign-repository';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-campaigns', {
  list: true,
  handle: async (request) => ok(await request.listed(await listCampaigns(request.scope, request.page), (campaign) => campaign)),
});
