import { describe, expect, it } from 'vitest';
import { get } from '#test/fixtures/api-client';
import { ownRuntime } from '#test/fixtures/own-runtime';
import { expectProblem, newApiKey, newTenant } from '#test/fixtures/tenants';

/**
 * Each tenant's authenticated requests drain a bucket of its own, at its plan's rate, before any
 * function runs: in AWS the usage plan of its plan, keyed by the usage key its authorizer names;
 * locally the same authorizer and a token bucket. Here the free plan is shrunk to a burst of 3,
 * refilling one request every two seconds, so the test can reach it.
 */
ownRuntime('tenant-throttling', {
  DOSSIER_LOCAL_THROTTLE: 'on',
  DOSSIER_LOCAL_PLAN_LIMITS: JSON.stringify({ free: { ratePerSecond: 0.5, burst: 3 } }),
});

const burst = (token: string, count: number) => Promise.all(Array.from({ length: count }, () => get('/v1/me', token)));

describe('per-tenant throttling by plan', () => {
  it('answers a free tenant past its burst with a 429 problem and Retry-After, while another tenant and the public routes are served at that moment', async () => {
    const [busy, quiet] = [await newTenant(), await newTenant()];

    const answers = await burst(busy.token, 6);
    const meanwhile = await get('/v1/me', quiet.token);
    const publicRoute = await get('/v1/health');

    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(4);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expectProblem(refused[0]!, 429, 'rate-limited');
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.body.tenantId).toBe(quiet.id);
    expect(publicRoute.status).toBe(200);
  });

  it('serves the tenant again once Retry-After has passed', async () => {
    const tenant = await newTenant();
    const refused = (await burst(tenant.token, 5)).find((answer) => answer.status === 429)!;

    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000));

    expect((await get('/v1/me', tenant.token)).status).toBe(200);
  });

  it("counts a tenant's API keys and staff sessions in one bucket", async () => {
    const tenant = await newTenant();
    const apiKey = await newApiKey(tenant, ['customers:read']);

    await burst(tenant.token, 4);

    expectProblem(await get('/v1/me', apiKey.key), 429, 'rate-limited');
  });
});
