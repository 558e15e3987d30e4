import { CreateApiKeySchema, IssuedApiKeySchema } from '#shared/domain/api-key';
import { created } from '#shared/http/responses';
import { issueApiKey } from '#shared/services/api-keys';
import { route } from '../http-route.ts';

export const handler = route('create-api-key', {
  body: CreateApiKeySchema,
  response: { 201: IssuedApiKeySchema },
  handle: async ({ caller, body }) => created(await issueApiKey(caller, body)),
});
