import { DossierError } from '#shared/domain/errors';

/**
 * When a failed webhook delivery is tried again, and when an endpoint is given up on (API.md,
 * "Events and webhooks"). Pure: the caller passes the time of the attempt and the randomness.
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** Nominal wait after failed attempt 1, 2, …, 7; attempt 8 is the last. */
export const retryDelaysMs = [5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour] as const;

// ±20 %: endpoints that failed together (one outage) are retried spread out, not all at once.
const jitter = 0.2;

/** How long an endpoint may fail everything before it is disabled. */
export const disableAfterFailingMs = 5 * day;

/**
 * When to try a delivery again after failed attempt `attemptNumber` (1 for the first), or
 * `undefined` once the schedule is exhausted and the delivery is failed. `random` returns a
 * number in [0, 1), like `Math.random`. `retryAfterSeconds` is the parsed `Retry-After` of a 429
 * or 503 answer (the caller ignores it on any other status); it is honoured but kept within
 * [scheduled delay, 2 × scheduled delay], so a receiver can slow us down but neither hurry us
 * nor park a delivery for days.
 */
export const nextAttemptAt = (
  attemptNumber: number,
  lastAttemptAt: Date,
  random: () => number,
  retryAfterSeconds?: number,
): Date | undefined => {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new DossierError('internal', { detail: `A delivery attempt is numbered from 1, not ${attemptNumber}` });
  }
  const nominal = retryDelaysMs[attemptNumber - 1];
  if (nominal === undefined) return undefined;
  const scheduled = Math.round(nominal * (1 + jitter * (2 * random() - 1)));
  const delay =
    retryAfterSeconds === undefined ? scheduled : Math.min(Math.max(retryAfterSeconds * second, scheduled), 2 * scheduled);
  return new Date(lastAttemptAt.getTime() + delay);
};

/**
 * Seconds to wait from `now` according to a `Retry-After` header (RFC 9110 §10.2.3): either
 * delta-seconds or an HTTP-date ending in GMT (IMF-fixdate or the RFC 850 form). A date in the
 * past is 0; anything else unreadable is `undefined`, and the plain schedule applies.
 */
export const parseRetryAfter = (header: string | undefined, now: Date): number | undefined => {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  // Date.parse reads almost anything ("5" is May 2001); an HTTP-date always ends in GMT.
  const at = value.endsWith('GMT') ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / second));
};

export interface EndpointFailure {
  /** When the endpoint's current run of failures began: the first failed attempt since its last success. */
  firstFailureAt: Date;
  now: Date;
  /** The status of the attempt that just failed; absent when no answer came (timeout, refused, …). */
  statusCode?: number | undefined;
}

/**
 * Whether an endpoint whose attempt just failed is to be disabled: at once on `410 Gone` (the
 * receiver says the endpoint is gone for good), or once it has failed everything for 5 days.
 */
export const shouldDisableEndpoint = ({ firstFailureAt, now, statusCode }: EndpointFailure): boolean =>
  statusCode === 410 || now.getTime() - firstFailureAt.getTime() >= disableAfterFailingMs;
