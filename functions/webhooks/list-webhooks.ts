import { WebhookSchema } from '#shared/domain/webhooks';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { listTenantWebhooks, presentWebhook } from '#shared/services/webhook-endpoints';
import { route } from '../http-route.ts';

export const handler = route('list-webhooks', {
  list: true,
  response: { 200: pageSchemaOf(WebhookSchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await listTenantWebhooks(caller, { page }), presentWebhook)),
});
