import { CreateUserSchema, UserSchema } from '#shared/domain/user';
import { created } from '#shared/http/responses';
import { createStaffUser } from '#shared/services/staff-users';
import { route } from '../http-route.ts';

export const handler = route('create-user', {
  body: CreateUserSchema,
  response: { 201: UserSchema },
  handle: async ({ caller, body }) => {
    const user = await createStaffUser(caller, body);
    return created(user, { version: user.version, location: `/v1/users/${user.id}` });
  },
});
