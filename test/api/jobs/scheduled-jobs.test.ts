import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contractFetch } from '#test/fixtures/answer-contract';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';
import { daysAgo, purchase } from '#test/fixtures/records';

/**
 * The nightly job acts on every tenant, so it runs against a runtime of its own (own table) where
 * no other suite's customers can be moved under their feet.
 */
let runtime: RuntimeProcess;

const call = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await contractFetch(`${runtime.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
};

const runJobAt = (at: string) => call('POST', '/_local/jobs/refresh-customer-scores', { at });

beforeAll(async () => {
  runtime = await startRuntimeProcess({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), DOSSIER_TABLE: `jobs-${Date.now()}`, DOSSIER_IN_MEMORY: '1' });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('refresh-customer-scores (run at any instant through /_local/jobs)', () => {
  it('moves quiet customers to at_risk and churned as time passes, scores RFM, and marks overdue payments', async () => {
    const signUp = await call('POST', '/v1/tenants', { name: 'Night', slug: `night-${Date.now()}`, ownerEmail: 'o@night.example.com', ownerPassword: 'night-password' });
    const token = signUp.body.token as string;
    const ids: string[] = [];
    for (const [name, amounts] of [['Frequent', [9000, 8000, 7000]], ['Once', [500]], ['Twice', [3000, 1000]]] as const) {
      const customer = await call('POST', '/v1/customers', { name }, token);
      ids.push(customer.body.id);
      for (const amount of amounts) await call('POST', `/v1/customers/${customer.body.id}/transactions`, purchase(amount, daysAgo(1)), token);
    }
    const bill = await call('POST', `/v1/customers/${ids[1]}/payments`, { dueAt: daysAgo(-10), amount: { amount: 2500, currency: 'CNY' } }, token);

    const soon = await runJobAt(daysAgo(-1));
    const profiles = await Promise.all(ids.map((id) => call('GET', `/v1/customers/${id}`, undefined, token)));
    const later = await runJobAt(daysAgo(-120));
    const atRisk = await call('GET', `/v1/customers/${ids[0]}`, undefined, token);
    await runJobAt(daysAgo(-400));
    const churned = await call('GET', `/v1/customers/${ids[0]}`, undefined, token);

    expect(soon.status).toBe(200);
    expect(soon.body.result).toEqual({ tenants: 1 });
    expect(profiles[0]!.body.rfm).toMatchObject({ f: 5, m: 5, segment: expect.any(String) });
    expect(profiles[1]!.body.rfm.f).toBeLessThan(profiles[0]!.body.rfm.f);
    expect(profiles[0]!.body.clv.amount).toBeGreaterThan(profiles[1]!.body.clv.amount);
    expect(later.status).toBe(200);
    expect(atRisk.body.stage).toBe('at_risk');
    expect(churned.body.stage).toBe('churned');
    expect(churned.body.tier).toBe('potential');
    const payment = await call('GET', `/v1/customers/${ids[1]}/payments/${bill.body.id}`, undefined, token);
    expect(payment.body.status).toBe('overdue');
    expect((await call('GET', `/v1/customers/${ids[1]}`, undefined, token)).body.stats.overduePayments).toBe(1);
  }, 180_000); // Three job runs on its own runtime: 4 s alone, 36 s beside the 5,000-row import on 2 cores.

  it('answers 404 for a job the manifest does not list, and 400 for a bad instant', async () => {
    expect((await call('POST', '/_local/jobs/no-such-job', { at: new Date().toISOString() })).status).toBe(404);
    expect((await call('POST', '/_local/jobs/refresh-customer-scores', { at: 'tomorrow' })).status).toBe(400);
  });
});

describe('apply-retention', () => {
  it("removes audit entries older than the tenant's retention, and only those", async () => {
    const signUp = await call('POST', '/v1/tenants', { name: 'Keeper', slug: `keeper-${Date.now()}`, ownerEmail: 'o@keeper.example.com', ownerPassword: 'keeper-password' });
    const token = signUp.body.token as string;
    await call('PATCH', '/v1/tenant/settings', { retention: { auditDays: 30 } }, token);
    const before = (await call('GET', '/v1/audit', undefined, token)).body.items.length;

    const early = await call('POST', '/_local/jobs/apply-retention', { at: daysAgo(-10) });
    const kept = (await call('GET', '/v1/audit', undefined, token)).body.items.length;
    const late = await call('POST', '/_local/jobs/apply-retention', { at: daysAgo(-31) });
    const left = (await call('GET', '/v1/audit', undefined, token)).body.items;

    expect(before).toBeGreaterThanOrEqual(2);
    expect(early.body.result.tenants).toBeGreaterThanOrEqual(1);
    expect(kept).toBe(before);
    expect(late.status).toBe(200);
    expect(left).toEqual([]);
  });
});
