import { DuplicatePairSchema } from '#shared/domain/duplicates';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { findDuplicateCandidates } from '#shared/services/customer-insights';
import { route } from '../http-route.ts';

export const handler = route('find-duplicate-customers', {
  list: true,
  response: { 200: pageSchemaOf(DuplicatePairSchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await findDuplicateCandidates(caller, { page }), (pair) => pair)),
});
