import { describe, expect, it } from 'vitest';
import { del, get, listAll, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

describe('recording purchases', () => {
  it('turns three purchases into the right total, count, average, last purchase and stage', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    for (const [amount, when] of [[12800, daysAgo(20)], [5000, daysAgo(3)], [30000, daysAgo(10)]] as const) {
      expect((await post(`/v1/customers/${customer.id}/transactions`, purchase(amount, when), tenant.token)).status).toBe(201);
    }

    const profile = (await get(`/v1/customers/${customer.id}`, tenant.token)).body;
    expect(profile.stats).toMatchObject({
      totalSpend: { amount: 47800, currency: 'CNY' },
      orderCount: 3,
      avgOrderValue: { amount: 15933, currency: 'CNY' },
      pointsBalance: 478,
    });
    expect(Date.parse(profile.stats.lastPurchaseAt)).toBeGreaterThan(Date.parse(daysAgo(4)));
    expect(Date.parse(profile.stats.firstPurchaseAt)).toBeLessThan(Date.parse(daysAgo(19)));
    expect(profile.stage).toBe('repeat');
    expect(profile.tier).toBe('regular');
  });

  it('moves a customer prospect → new → repeat → loyal', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const stages = [(await get(`/v1/customers/${customer.id}`, tenant.token)).body.stage];

    for (let i = 0; i < 5; i += 1) {
      await post(`/v1/customers/${customer.id}/transactions`, purchase(1000), tenant.token);
      stages.push((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stage);
    }

    expect(stages).toEqual(['prospect', 'new', 'repeat', 'repeat', 'repeat', 'loyal']);
  });

  it('counts all of 20 concurrent purchases on one customer', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(`/v1/customers/${customer.id}/transactions`, purchase(100 + i), tenant.token)),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const stats = (await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats;
    expect(stats.orderCount).toBe(20);
    expect(stats.totalSpend.amount).toBe(Array.from({ length: 20 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0));
    expect(await listAll(`/v1/customers/${customer.id}/transactions?limit=7`, tenant.token)).toHaveLength(20);
  });

  it('makes a customer VIP once 12-month spend passes the threshold, but not for older spend', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    await post(`/v1/customers/${customer.id}/transactions`, purchase(1_000_000), tenant.token);

    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.tier).toBe('vip');
    const purchaseOld = await newCustomer(tenant.token);
    await post(`/v1/customers/${purchaseOld.id}/transactions`, purchase(2_000_000, daysAgo(400)), tenant.token);
    expect((await get(`/v1/customers/${purchaseOld.id}`, tenant.token)).body.tier).toBe('potential');
  });

  it('keeps refunded orders as history without counting them', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    await post(`/v1/customers/${customer.id}/transactions`, purchase(5000, undefined, { status: 'refunded' }), tenant.token);

    const profile = (await get(`/v1/customers/${customer.id}`, tenant.token)).body;
    expect(profile.stats.orderCount).toBe(0);
    expect((await get(`/v1/customers/${customer.id}/transactions`, tenant.token)).body.items).toHaveLength(1);
  });

  it('refuses a second transaction with the same external order id, naming the first', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const first = await post(`/v1/customers/${customer.id}/transactions`, purchase(900, undefined, { externalId: 'POS-77' }), tenant.token);

    const again = await post(`/v1/customers/${customer.id}/transactions`, purchase(900, undefined, { externalId: 'POS-77' }), tenant.token);

    expectProblem(again, 409, 'duplicate');
    expect(again.body.existingRecordId).toBe(first.body.id);
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.orderCount).toBe(1);
  });
});

describe('Idempotency-Key', () => {
  it('counts a retried purchase once and replays the first answer', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const headers = { 'idempotency-key': `order-${Date.now()}` };
    const body = purchase(4200);

    const first = await post(`/v1/customers/${customer.id}/transactions`, body, tenant.token, headers);
    const retry = await post(`/v1/customers/${customer.id}/transactions`, body, tenant.token, headers);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.orderCount).toBe(1);
  });

  it('refuses the same key with a different body with 422', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const headers = { 'idempotency-key': `order-${Date.now()}` };
    await post(`/v1/customers/${customer.id}/transactions`, purchase(4200), tenant.token, headers);

    const reused = await post(`/v1/customers/${customer.id}/transactions`, purchase(9900), tenant.token, headers);

    expectProblem(reused, 422, 'idempotency-key-reused');
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.totalSpend.amount).toBe(4200);
  });

  it('lets concurrent duplicates with one key create one customer', async () => {
    const tenant = await newTenant();
    const headers = { 'idempotency-key': `signup-desk-${Date.now()}` };
    const body = { name: 'Concurrent Carl' };

    const answers = await Promise.all(Array.from({ length: 5 }, () => post('/v1/customers', body, tenant.token, headers)));

    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    expect((await get('/v1/customers?q=Concurrent', tenant.token)).body.items).toHaveLength(1);
  });

  it('runs a request again after its first attempt failed, instead of replaying the failure', async () => {
    const tenant = await newTenant();
    const holder = await newCustomer(tenant.token);
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const body = { name: 'Second Owner Of A Number', phone: holder.body.phone };
    const failed = await post('/v1/customers', body, tenant.token, headers);
    await del(`/v1/customers/${holder.id}`, tenant.token);

    const retried = await post('/v1/customers', body, tenant.token, headers);

    expect(failed.status).toBe(409);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });
});
