import { listCampaigns } from '#shared/data/campaign-repository';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-campaigns', {
  list: true,
  handle: async ({ caller, page, listed }) => ok(await listed(await listCampaigns(caller.scope, page), (campaign) => campaign)),
});
