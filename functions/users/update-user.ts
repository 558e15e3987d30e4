import { UpdateUserSchema, UserSchema } from '#shared/domain/user';
import { UserPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { updateStaffUser } from '#shared/services/staff-users';
import { route } from '../http-route.ts';

export const handler = route('update-user', {
  params: UserPathSchema,
  body: UpdateUserSchema,
  response: { 200: UserSchema },
  handle: async ({ caller, params, body, ifMatch }) => {
    const user = await updateStaffUser(caller, { userId: params.userId, patch: body, ifMatch });
    return ok(user, { version: user.version });
  },
});
