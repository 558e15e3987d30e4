import { noContent } from '#shared/http/responses';
import { deleteStaffUser } from '#shared/services/staff-users';
import { route } from '../http-route.ts';
import { UserPathSchema } from './user-path.ts';

export const handler = route('delete-user', {
  params: UserPathSchema,
  handle: async (request) => {
    await deleteStaffUser(request.scope, request.principal, request.params.userId, request);
    return noContent();
  },
});
