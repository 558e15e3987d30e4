import { permissionsOf } from '#shared/domain/access';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('describe-me', {
  handle: async ({ principal }) => ok({ ...principal, permissions: permissionsOf(principal) }),
});
