import { presentSegment } from '#shared/domain/segments';
import { SegmentPathSchema } from '#shared/http/path-schemas';
import { accepted } from '#shared/http/responses';
import { requestSegmentCount } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('count-segment', {
  params: SegmentPathSchema,
  handle: async ({ caller, params }) => accepted(presentSegment(await requestSegmentCount(caller, params))),
});
