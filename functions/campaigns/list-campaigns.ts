import { CampaignSchema } from '#shared/domain/campaign';
import { listCampaigns } from '#shared/data/campaign-repository';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-campaigns', {
  list: true,
  response: { 200: pageSchemaOf(CampaignSchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await listCampaigns(caller.scope, page), (campaign) => campaign)),
});
