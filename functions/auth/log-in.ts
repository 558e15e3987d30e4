import { LogInSchema } from '#shared/domain/user';
import { ok } from '#shared/http/responses';
import { logIn } from '#shared/services/sign-in';
import { openRoute } from '../http-route.ts';

export const handler = openRoute('log-in', {
  body: LogInSchema,
  handle: async ({ meta, body }) => ok(await logIn(meta, body)),
});
