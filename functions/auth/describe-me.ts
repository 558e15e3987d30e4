import { MeSchema, permissionsOf } from '#shared/domain/access';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('describe-me', {
  response: { 200: MeSchema },
  handle: async ({ caller }) => ok({ ...caller.principal, permissions: [...permissionsOf(caller.principal)] }),
});
