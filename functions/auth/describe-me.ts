import { permissionsOf } from '#shared/domain/access';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('describe-me', {
  handle: async ({ caller }) => ok({ ...caller.principal, permissions: permissionsOf(caller.principal) }),
});
