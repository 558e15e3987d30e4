import { SegmentPathSchema } from '#shared/http/path-schemas';
import { noContent } from '#shared/http/responses';
import { removeSegment } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('delete-segment', {
  params: SegmentPathSchema,
  response: { 204: null },
  handle: async ({ caller, params }) => {
    await removeSegment(caller, { segmentId: params.segmentId });
    return noContent();
  },
});
