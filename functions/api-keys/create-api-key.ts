import { CreateApiKeySchema } from '#shared/domain/api-key';
import { created } from '#shared/http/responses';
import { issueApiKey } from '#shared/services/api-keys';
import { route } from '../http-route.ts';

export const handler = route('create-api-key', {
  body: CreateApiKeySchema,
  handle: async ({ caller, body }) => created(await issueApiKey(caller, body)),
});
