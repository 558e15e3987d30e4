import { LogInSchema, SessionSchema } from '#shared/domain/user';
import { ok } from '#shared/http/responses';
import { logIn } from '#shared/services/sign-in';
import { openRoute } from '../http-route.ts';

export const handler = openRoute('log-in', {
  body: LogInSchema,
  response: { 200: SessionSchema },
  // A wrong slug, email or password (one answer for all: no enumeration).
  problems: ['unauthenticated'],
  handle: async ({ meta, body }) => ok(await logIn(meta, body)),
});
