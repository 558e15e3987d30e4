import { describe, expect, it } from 'vitest';
import { planLimits, takeToken, type TokenBucket } from '#shared/domain/plan-limits';

const limits = { ratePerSecond: 2, burst: 3 };

const takeMany = (count: number, nowMs: number, start?: TokenBucket) => {
  let bucket = start;
  const allowed: boolean[] = [];
  for (let i = 0; i < count; i += 1) {
    const taken = takeToken(bucket, limits, nowMs);
    bucket = taken.bucket;
    allowed.push(taken.allowed);
  }
  return { allowed, bucket: bucket! };
};

describe('a tenant token bucket', () => {
  it("lets a tenant not seen yet send its plan's burst at once, and refuses the next", () => {
    const { allowed } = takeMany(4, 0);

    expect(allowed).toEqual([true, true, true, false]);
  });

  it('says how many whole seconds until a token is back, at least one', () => {
    const { bucket } = takeMany(3, 0);

    const refused = takeToken(bucket, { ratePerSecond: 0.25, burst: 3 }, 0);

    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
    expect(takeToken(bucket, limits, 0)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the plan rate, never above the burst', () => {
    const { bucket } = takeMany(3, 0);

    expect(takeToken(bucket, limits, 499).allowed).toBe(false);
    expect(takeToken(bucket, limits, 500).allowed).toBe(true);
    expect(takeMany(4, 60_000, bucket).allowed).toEqual([true, true, true, false]);
  });

  it('gives every plan more room than the one below it', () => {
    expect(planLimits.free.ratePerSecond).toBeLessThan(planLimits.team.ratePerSecond);
    expect(planLimits.team.ratePerSecond).toBeLessThan(planLimits.business.ratePerSecond);
    for (const plan of Object.values(planLimits)) expect(plan.burst).toBeGreaterThanOrEqual(plan.ratePerSecond);
  });
});
