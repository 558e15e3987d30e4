import { presentSegment, SegmentInputSchema, SegmentSchema } from '#shared/domain/segments';
import { created } from '#shared/http/responses';
import { createSegment } from '#shared/services/segments';
import { route } from '../http-route.ts';

export const handler = route('create-segment', {
  body: SegmentInputSchema,
  response: { 201: SegmentSchema },
  handle: async ({ caller, body }) => {
    const segment = await createSegment(caller, body);
    return created(presentSegment(segment), { version: segment.version, location: `/v1/segments/${segment.id}` });
  },
});
