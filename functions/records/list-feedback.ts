import * as z from 'zod';
import { feedbackStatuses, feedbackTypes } from '#shared/domain/records/feedback';
import { ok } from '#shared/http/responses';
import { listFeedbackAcross, presentRecord } from '#shared/services/record-reads';
import { route } from '../http-route.ts';

export const handler = route('list-feedback', {
  query: z.strictObject({ status: z.enum(feedbackStatuses).default('open'), type: z.enum(feedbackTypes).optional() }),
  list: true,
  handle: async (request) => ok(await request.listed(await listFeedbackAcross(request.scope, request.query, request.page), presentRecord)),
});
