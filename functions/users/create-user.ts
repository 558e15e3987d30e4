import { CreateUserSchema } from '#shared/domain/user';
import { created } from '#shared/http/responses';
import { createStaffUser } from '#shared/services/staff-users';
import { route } from '../http-route.ts';

export const handler = route('create-user', {
  body: CreateUserSchema,
  handle: async (request) => {
    const user = await createStaffUser(request.scope, request.principal, request.body, request);
    return created(user, { version: user.version, location: `/v1/users/${user.id}` });
  },
});
