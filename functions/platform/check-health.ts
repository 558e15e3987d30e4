import { ok } from '#shared/http/responses';
import { openRoute } from '../http-route.ts';

export const handler = openRoute('check-health', {
  handle: async () => ok({ status: 'ok' }),
});
