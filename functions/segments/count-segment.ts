import { presentSegment, SegmentSchema } from '#shared/domain/segments';
import { SegmentPathSchema } from '#shared/http/path-schemas';
import { accepted } from '#shared/http/responses';
import { requestSegmentCount } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('count-segment', {
  params: SegmentPathSchema,
  response: { 202: SegmentSchema },
  handle: async ({ caller, params }) => {
    const segment = await requestSegmentCount(caller, params);
    return accepted(presentSegment(segment), { version: segment.version });
  },
});
