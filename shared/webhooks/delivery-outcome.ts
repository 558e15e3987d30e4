import type { Delivery, DeliveryAttempt, DeliveryStatus } from '#shared/domain/webhooks';
import type { DeliveryOutcome } from './http-delivery.ts';
import { nextAttemptAt, parseRetryAfter, shouldDisableEndpoint } from './retry-schedule.ts';

/**
 * What one attempt of a delivery means, for the delivery and for its endpoint. Pure: the time of
 * the attempt and the randomness of the jitter are passed in.
 */
export type EndpointChange = { kind: 'healthy' } | { kind: 'failing'; since: string } | { kind: 'disable'; reason: string };

export interface AttemptJudgement {
  delivery: Pick<Delivery, 'status' | 'failuresInRound'> & { nextAttemptAt?: string; lastStatusCode?: number };
  attempt: DeliveryAttempt;
  endpoint: EndpointChange;
}

/** The attempts kept per delivery: the schedule's eight and a few more from retries. */
export const MAX_ATTEMPT_LOG = 20;

const isSuccess = (outcome: DeliveryOutcome): boolean => outcome.kind === 'answered' && outcome.statusCode >= 200 && outcome.statusCode < 300;

export const attemptOf = (outcome: DeliveryOutcome, at: Date): DeliveryAttempt =>
  outcome.kind === 'answered'
    ? { at: at.toISOString(), durationMs: outcome.durationMs, statusCode: outcome.statusCode, responseBody: outcome.bodyHead }
    : { at: at.toISOString(), durationMs: outcome.durationMs, error: `${outcome.reason}: ${outcome.message}` };

/**
 * A 2xx is success. Anything else (another status, a redirect, no answer) is tried again on the
 * schedule — a `429` or `503` with `Retry-After` a little later as it asks — until the schedule is
 * spent and the delivery failed. A `410 Gone`, or an endpoint that has failed everything for five
 * days, disables the endpoint.
 */
export const judgeAttempt = (input: {
  delivery: Pick<Delivery, 'failuresInRound'>;
  failingSince: string | undefined;
  outcome: DeliveryOutcome;
  at: Date;
  random: () => number;
}): AttemptJudgement => {
  const { outcome, at } = input;
  const attempt = attemptOf(outcome, at);
  const statusCode = outcome.kind === 'answered' ? outcome.statusCode : undefined;
  const lastStatusCode = statusCode === undefined ? {} : { lastStatusCode: statusCode };
  if (isSuccess(outcome)) {
    return { delivery: { status: 'succeeded', failuresInRound: input.delivery.failuresInRound, ...lastStatusCode }, attempt, endpoint: { kind: 'healthy' } };
  }
  const failures = input.delivery.failuresInRound + 1;
  const since = input.failingSince ?? at.toISOString();
  if (shouldDisableEndpoint({ firstFailureAt: new Date(since), now: at, statusCode })) {
    const reason = statusCode === 410 ? 'The endpoint answered 410 Gone' : 'The endpoint failed every delivery for 5 days';
    return { delivery: { status: 'failed', failuresInRound: failures, ...lastStatusCode }, attempt, endpoint: { kind: 'disable', reason } };
  }
  const askedToWait = outcome.kind === 'answered' && (statusCode === 429 || statusCode === 503) ? parseRetryAfter(outcome.retryAfter, at) : undefined;
  const next = nextAttemptAt(failures, at, input.random, askedToWait);
  const status: DeliveryStatus = next ? 'pending' : 'failed';
  return {
    delivery: { status, failuresInRound: failures, ...lastStatusCode, ...(next ? { nextAttemptAt: next.toISOString() } : {}) },
    attempt,
    endpoint: { kind: 'failing', since },
  };
};
