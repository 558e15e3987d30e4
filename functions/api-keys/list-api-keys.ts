import { ApiKeySchema, publicApiKey } from '#shared/domain/api-key';
import { listApiKeys } from '#shared/data/api-key-repository';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-api-keys', {
  list: true,
  response: { 200: pageSchemaOf(ApiKeySchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await listApiKeys(caller.scope, page), publicApiKey)),
});
