import type { Plan } from './tenant.ts';

/**
 * How fast one tenant may call the authenticated API, by plan: a steady rate and the burst above
 * it (a token bucket, as API Gateway throttles). The one statement of these numbers: the stack's
 * usage plans and the local gateway both read them. Every tenant's limit sits inside the stage's
 * own throttle (100 rps, burst 200), so one tenant can't take the whole stage.
 */
export interface PlanLimits {
  /** Requests per second the bucket refills with (API Gateway's usage plan `rateLimit`). */
  ratePerSecond: number;
  /** The bucket's size: how many requests may come at once (`burstLimit`). */
  burst: number;
}

export const planLimits: Readonly<Record<Plan, PlanLimits>> = {
  free: { ratePerSecond: 5, burst: 10 },
  team: { ratePerSecond: 20, burst: 40 },
  business: { ratePerSecond: 50, burst: 100 },
};

/** The usage plan of `plan` in `stage`: the stack names it so, and sign-up finds it by this name. */
export const usagePlanName = (stage: string, plan: Plan): string => `dossier-${stage}-${plan}`;

/** A tenant's bucket: the tokens it held at `atMs`. */
export interface TokenBucket {
  tokens: number;
  atMs: number;
}

export type BucketTake = { allowed: true; bucket: TokenBucket } | { allowed: false; bucket: TokenBucket; retryAfterSeconds: number };

/**
 * One request against a bucket at `nowMs`: the bucket refills at the plan's rate up to its burst
 * (a tenant not seen yet starts full), and the request takes a token if a whole one is there.
 * Refused, it says in how many whole seconds (at least 1, as `Retry-After` counts) a token will be.
 */
export const takeToken = (bucket: TokenBucket | undefined, limits: PlanLimits, nowMs: number): BucketTake => {
  const elapsedMs = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const tokens = bucket ? Math.min(limits.burst, bucket.tokens + (elapsedMs * limits.ratePerSecond) / 1000) : limits.burst;
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, atMs: nowMs } };
  return { allowed: false, bucket: { tokens, atMs: nowMs }, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / limits.ratePerSecond)) };
};
