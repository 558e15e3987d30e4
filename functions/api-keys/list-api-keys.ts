import { publicApiKey } from '#shared/domain/api-key';
import { listApiKeys } from '#shared/data/api-key-repository';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-api-keys', {
  list: true,
  handle: async (request) => ok(await request.listed(await listApiKeys(request.scope, request.page), publicApiKey)),
});
