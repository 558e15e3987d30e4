import * as z from 'zod';
import { idSchema } from '#shared/domain/values';
import { ok } from '#shared/http/responses';
import { readCampaign } from '#shared/services/campaigns';
import { route } from '../http-route.ts';

export const handler = route('get-campaign', {
  params: z.object({ campaignId: idSchema('campaign') }),
  handle: async (request) => ok(await readCampaign(request.scope, request.params.campaignId)),
});
