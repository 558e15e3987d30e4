import { publicUser, UserSchema } from '#shared/domain/user';
import { listUsers } from '#shared/data/user-repository';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-users', {
  list: true,
  response: { 200: pageSchemaOf(UserSchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await listUsers(caller.scope, page), publicUser)),
});
