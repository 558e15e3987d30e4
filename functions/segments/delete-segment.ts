import { SegmentPathSchema } from '#shared/http/path-schemas';
import { noContent } from '#shared/http/responses';
import { removeSegment } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('delete-segment', {
  params: SegmentPathSchema,
  handle: async ({ caller, params, ifMatch }) => {
    await removeSegment(caller, { segmentId: params.segmentId, ifMatch });
    return noContent();
  },
});
