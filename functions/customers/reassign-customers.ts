import { ReassignmentSchema, ReassignOwnersSchema } from '#shared/domain/customer';
import { ok } from '#shared/http/responses';
import { reassignOwners } from '#shared/services/customer-writes';
import { route } from '../http-route.ts';

export const handler = route('reassign-customers', {
  body: ReassignOwnersSchema,
  response: { 200: ReassignmentSchema },
  handle: async ({ caller, body }) => ok(await reassignOwners(caller, body)),
});
