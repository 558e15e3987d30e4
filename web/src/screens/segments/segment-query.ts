import { useQuery } from '@tanstack/react-query';
import { answer, api, type Schemas } from '#web/api/client.ts';

export type Segment = Schemas['Segment'];

/** While a count runs in the background, look again this often: it usually takes a second or two. */
export const COUNTING_POLL_MS = 1_500;

/** One segment with its size; looked at again while it is being counted. */
export const useSegment = (segmentId: string) =>
  useQuery({
    queryKey: ['segments', segmentId],
    queryFn: () => answer(api.GET('/v1/segments/{segmentId}', { params: { path: { segmentId } } })),
    refetchInterval: (query) => (query.state.data?.size.status === 'counting' ? COUNTING_POLL_MS : false),
  });
