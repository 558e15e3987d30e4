import * as z from 'zod';
import { FeedbackSchema, feedbackStatuses, feedbackTypes } from '#shared/domain/records/feedback';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { listFeedbackAcross, presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('list-feedback', {
  query: z.strictObject({ status: z.enum(feedbackStatuses).default('open'), type: z.enum(feedbackTypes).optional() }),
  list: true,
  response: { 200: pageSchemaOf(FeedbackSchema) },
  handle: async ({ caller, query, page, listed }) => ok(await listed(await listFeedbackAcross(caller, { query, page }), presentRecord)),
});
