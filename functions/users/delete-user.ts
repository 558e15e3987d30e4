import { UserPathSchema } from '#shared/http/path-schemas';
import { noContent } from '#shared/http/responses';
import { deleteStaffUser } from '#shared/services/staff-users';
import { route } from '../http-route.ts';

export const handler = route('delete-user', {
  params: UserPathSchema,
  response: { 204: null },
  handle: async ({ caller, params }) => {
    await deleteStaffUser(caller, params);
    return noContent();
  },
});
