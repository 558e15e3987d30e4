import { presentSegment, SegmentPatchSchema, SegmentSchema } from '#shared/domain/segments';
import { SegmentPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { changeSegment } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('update-segment', {
  params: SegmentPathSchema,
  body: SegmentPatchSchema,
  response: { 200: SegmentSchema },
  handle: async ({ caller, params, body, ifMatch }) => {
    const segment = await changeSegment(caller, { segmentId: params.segmentId, patch: body, ifMatch });
    return ok(presentSegment(segment), { version: segment.version });
  },
});
