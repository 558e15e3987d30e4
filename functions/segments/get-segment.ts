import { presentSegment, SegmentSchema } from '#shared/domain/segments';
import { SegmentPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readSegment } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('get-segment', {
  params: SegmentPathSchema,
  response: { 200: SegmentSchema },
  handle: async ({ caller, params }) => {
    const segment = await readSegment(caller, params);
    return ok(presentSegment(segment), { version: segment.version });
  },
});
