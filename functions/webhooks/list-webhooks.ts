import { ok } from '#shared/http/responses';
import { listTenantWebhooks, presentWebhook } from '#shared/services/webhook-endpoints';
import { route } from '../http-route.ts';

export const handler = route('list-webhooks', {
  list: true,
  handle: async ({ caller, page, listed }) => ok(await listed(await listTenantWebhooks(caller, { page }), presentWebhook)),
});
