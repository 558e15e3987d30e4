import * as z from 'zod';
import { FollowupSchema, followupStatuses } from '#shared/domain/records/followups';
import { pageSchemaOf } from '#shared/http/pagination';
import { IsoDateTimeSchema, idSchemaFor } from '#shared/domain/values';
import { ok } from '#shared/http/responses';
import { listFollowupsAcross, presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('list-followups', {
  query: z.strictObject({
    status: z.enum(followupStatuses).default('open'),
    assigneeUserId: idSchemaFor('user').optional(),
    dueBefore: IsoDateTimeSchema.optional(),
  }),
  list: true,
  response: { 200: pageSchemaOf(FollowupSchema) },
  handle: async ({ caller, query, page, listed }) => ok(await listed(await listFollowupsAcross(caller, { query, page }), presentRecord)),
});
