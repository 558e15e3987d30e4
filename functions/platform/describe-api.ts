import { ok } from '#shared/http/responses';
import document from '#docs/openapi.json' with { type: 'json' };
import { openRoute } from '../http-route.ts';

// Generated from the manifest and the handlers' zod schemas by `npm run openapi`; a test fails when
// it is out of step with the code.
export const handler = openRoute('describe-api', {
  handle: async () => ok(document),
});
