/**
 * What a route's method says about the requests it takes, in one place: the middy stack acts on
 * it and the OpenAPI document describes it (the If-Match header and its 412, the Idempotency-Key
 * header and its 422), so the two can't disagree.
 */
interface Method {
  method: string;
}

/** Partial updates carry `If-Match: "<version>"` (optimistic concurrency, API.md). */
export const takesIfMatch = (route: Method): boolean => route.method === 'PATCH';

/** Any POST may carry an `Idempotency-Key`; its first answer is replayed for 24 h. */
export const takesIdempotencyKey = (route: Method): boolean => route.method === 'POST';

/** Writes may lose a race with another write of the same resource (409 `concurrent-update`). */
export const isWrite = (route: Method): boolean => route.method !== 'GET';
