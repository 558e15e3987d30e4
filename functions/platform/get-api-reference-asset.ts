import * as z from 'zod';
import { mediaAnswer } from '#shared/http/answers';
import { referenceAsset, referenceAssetNames, referenceAssets } from '#shared/http/api-reference';
import { content } from '#shared/http/responses';
import { openRoute } from '../http-route.ts';

export const handler = openRoute('get-api-reference-asset', {
  params: z.object({ asset: z.enum(referenceAssetNames) }),
  response: { 200: mediaAnswer('A script or style sheet of the reference page', 'text/javascript', 'text/css') },
  handle: async ({ params }) =>
    content(await referenceAsset(params.asset), referenceAssets[params.asset].type, { 'cache-control': 'public, max-age=3600' }),
});
