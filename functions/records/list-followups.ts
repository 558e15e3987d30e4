import * as z from 'zod';
import { followupStatuses } from '#shared/domain/records/followups';
import { IsoDateTimeSchema, idSchema } from '#shared/domain/values';
import { ok } from '#shared/http/responses';
import { listFollowupsAcross, presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('list-followups', {
  query: z.strictObject({
    status: z.enum(followupStatuses).default('open'),
    assigneeUserId: idSchema('user').optional(),
    dueBefore: IsoDateTimeSchema.optional(),
  }),
  list: true,
  handle: async (request) => ok(await request.listed(await listFollowupsAcross(request.scope, request.query, request.page), presentRecord)),
});
