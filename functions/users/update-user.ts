import { UpdateUserSchema } from '#shared/domain/user';
import { ok } from '#shared/http/responses';
import { updateStaffUser } from '#shared/services/staff-users';
import { route } from '../http-route.ts';
import { UserPathSchema } from './user-path.ts';

export const handler = route('update-user', {
  params: UserPathSchema,
  body: UpdateUserSchema,
  handle: async (request) => {
    const user = await updateStaffUser(request.scope, request.principal, request.params.userId, request.body, request.ifMatch, request);
    return ok(user, { version: user.version });
  },
});
