import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, get, listAll, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase, refundOf } from '#test/fixtures/records';
import { expectProblem, newTenant } from '#test/fixtures/tenants';
import { drain, newWebhook, startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
});

const bought = async (token: string, customerId: string, amount: number, when = new Date().toISOString(), overrides: Record<string, unknown> = {}) => {
  const answer = await post(`/v1/customers/${customerId}/transactions`, purchase(amount, when, overrides), token);
  expect(answer.status, answer.text).toBe(201);
  return answer.body.id as string;
};

const refunded = async (token: string, customerId: string, body: Record<string, unknown>) => {
  const answer = await post(`/v1/customers/${customerId}/refunds`, body, token);
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
};

const profileOf = async (token: string, customerId: string) => (await get(`/v1/customers/${customerId}`, token)).body;

const eventsOf = async (tenantId: string) => {
  await call('POST', '/_local/drain');
  return (await get(`/_local/events?tenantId=${tenantId}`)).body.items as { type: string; data: Record<string, unknown> }[];
};

describe('POST /v1/customers/{id}/refunds', () => {
  it('takes part of a purchase back, then the rest: the purchase, spend, orders, average, points, tier and stage follow at each step', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const big = await bought(tenant.token, customer.id, 1_000_000, daysAgo(5));
    await bought(tenant.token, customer.id, 5_000, daysAgo(2));
    expect(await profileOf(tenant.token, customer.id)).toMatchObject({ tier: 'vip', stage: 'repeat', stats: { totalSpend: { amount: 1_005_000 }, orderCount: 2, pointsBalance: 10_050 } });

    const part = await refunded(tenant.token, customer.id, refundOf(big, 200_000, { reason: 'Two boxes damaged' }));

    expect(part).toMatchObject({ kind: 'refunds', transactionId: big, amount: { amount: 200_000, currency: 'CNY' }, transactionStatus: 'partially_refunded', pointsReversed: 2_000, pointsShortfall: 0, reason: 'Two boxes damaged' });
    expect((await get(`/v1/customers/${customer.id}/transactions/${big}`, tenant.token)).body).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: 200_000 }, amount: { amount: 1_000_000 }, version: 2 });
    expect(await profileOf(tenant.token, customer.id)).toMatchObject({
      tier: 'regular',
      stage: 'repeat',
      stats: { totalSpend: { amount: 805_000 }, orderCount: 2, avgOrderValue: { amount: 402_500 }, pointsBalance: 8_050 },
    });

    const rest = await refunded(tenant.token, customer.id, refundOf(big));

    expect(rest).toMatchObject({ amount: { amount: 800_000 }, transactionStatus: 'refunded', pointsReversed: 8_000, pointsShortfall: 0 });
    expect((await get(`/v1/customers/${customer.id}/transactions/${big}`, tenant.token)).body).toMatchObject({ status: 'refunded', refundedAmount: { amount: 1_000_000 } });
    expect(await profileOf(tenant.token, customer.id)).toMatchObject({
      tier: 'potential',
      stage: 'new',
      stats: { totalSpend: { amount: 5_000 }, orderCount: 1, avgOrderValue: { amount: 5_000 }, pointsBalance: 50 },
    });
    expect((await listAll(`/v1/customers/${customer.id}/refunds`, tenant.token)).map((r) => r.id)).toEqual([rest.id, part.id]);
    expect((await get(`/v1/customers/${customer.id}/refunds/${part.id}`, tenant.token)).body).toEqual(part);
  });

  it('finds the purchase by the order id it was recorded with, and names that field when nothing is left', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 12_800, undefined, { externalId: 'POS-9-314' });

    const refund = await refunded(tenant.token, customer.id, { transactionExternalId: 'POS-9-314', amount: { amount: 2_800, currency: 'CNY' } });

    expect(refund).toMatchObject({ transactionId: order, pointsReversed: 28 });
    expect((await profileOf(tenant.token, customer.id)).stats).toMatchObject({ totalSpend: { amount: 10_000 }, orderCount: 1, pointsBalance: 100 });
    await refunded(tenant.token, customer.id, { transactionExternalId: 'POS-9-314' });
    const again = await post(`/v1/customers/${customer.id}/refunds`, { transactionExternalId: 'POS-9-314' }, tenant.token);
    expectProblem(again, 409, 'conflict');
    expect(again.body.errors).toEqual([{ path: 'transactionExternalId', message: 'Already refunded in full' }]);
  });

  it('refuses more than is left of the purchase with 409 naming the amount, and changes nothing', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 10_000);
    await refunded(tenant.token, customer.id, refundOf(order, 4_000));
    // Events first: handling them may write (a care rule's follow-up after a first purchase).
    const eventsBefore = await eventsOf(tenant.id);
    const before = { profile: await profileOf(tenant.token, customer.id), order: (await get(`/v1/customers/${customer.id}/transactions/${order}`, tenant.token)).body };

    const over = await post(`/v1/customers/${customer.id}/refunds`, refundOf(order, 6_001), tenant.token);

    expectProblem(over, 409, 'conflict');
    expect(over.body.errors).toEqual([{ path: 'amount', message: expect.stringContaining('6000') }]);
    expect(over.body.refundableAmount).toEqual({ amount: 6_000, currency: 'CNY' });
    expect(await profileOf(tenant.token, customer.id)).toEqual(before.profile);
    expect((await get(`/v1/customers/${customer.id}/transactions/${order}`, tenant.token)).body).toEqual(before.order);
    expect(await eventsOf(tenant.id)).toEqual(eventsBefore);
    expect(await listAll(`/v1/customers/${customer.id}/refunds`, tenant.token)).toHaveLength(1);
    expect((await refunded(tenant.token, customer.id, refundOf(order))).amount).toEqual({ amount: 6_000, currency: 'CNY' });
  });

  it('refuses a body that names no purchase, or two, and a refund dated before its purchase', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 10_000, daysAgo(3), { externalId: 'POS-1' });

    const none = await post(`/v1/customers/${customer.id}/refunds`, { amount: { amount: 100, currency: 'CNY' } }, tenant.token);
    const both = await post(`/v1/customers/${customer.id}/refunds`, { transactionId: order, transactionExternalId: 'POS-1' }, tenant.token);
    const early = await post(`/v1/customers/${customer.id}/refunds`, refundOf(order, 100, { occurredAt: daysAgo(4) }), tenant.token);
    const foreignMoney = await post(`/v1/customers/${customer.id}/refunds`, { transactionId: order, amount: { amount: 100, currency: 'USD' } }, tenant.token);

    for (const answer of [none, both, early, foreignMoney]) expectProblem(answer, 400, 'validation-failed');
    expect(early.body.errors).toEqual([{ path: 'occurredAt', message: expect.any(String) }]);
    expect((await profileOf(tenant.token, customer.id)).stats.totalSpend.amount).toBe(10_000);
  });

  it("answers 404 for another customer's purchase or another tenant's, by id or by order id, and changes neither", async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const customer = await newCustomer(tenant.token);
    const neighbour = await newCustomer(tenant.token);
    const stranger = await newCustomer(other.token);
    const neighbours = await bought(tenant.token, neighbour.id, 8_000, undefined, { externalId: 'POS-N-1' });
    const strangers = await bought(other.token, stranger.id, 9_000, undefined, { externalId: 'POS-S-1' });
    await bought(tenant.token, customer.id, 1_000);

    const answers = await Promise.all([
      post(`/v1/customers/${customer.id}/refunds`, refundOf(neighbours), tenant.token),
      post(`/v1/customers/${customer.id}/refunds`, { transactionExternalId: 'POS-N-1' }, tenant.token),
      post(`/v1/customers/${customer.id}/refunds`, refundOf(strangers), tenant.token),
      post(`/v1/customers/${customer.id}/refunds`, { transactionExternalId: 'POS-S-1' }, tenant.token),
      post(`/v1/customers/${stranger.id}/refunds`, refundOf(strangers), tenant.token),
    ]);

    for (const answer of answers) expectProblem(answer, 404, 'not-found');
    expect((await get(`/v1/customers/${neighbour.id}/transactions/${neighbours}`, tenant.token)).body).toMatchObject({ status: 'completed', refundedAmount: { amount: 0 } });
    expect((await get(`/v1/customers/${stranger.id}/transactions/${strangers}`, other.token)).body).toMatchObject({ status: 'completed', refundedAmount: { amount: 0 } });
    expect((await profileOf(tenant.token, customer.id)).stats.totalSpend.amount).toBe(1_000);
    expect((await profileOf(other.token, stranger.id)).stats.totalSpend.amount).toBe(9_000);
  });

  it('lets one of two concurrent refunds through when together they would exceed the purchase', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 10_000);

    const answers = await Promise.all([6_000, 6_000].map((amount) => post(`/v1/customers/${customer.id}/refunds`, refundOf(order, amount), tenant.token)));

    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect((await get(`/v1/customers/${customer.id}/transactions/${order}`, tenant.token)).body).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: 6_000 } });
    expect((await profileOf(tenant.token, customer.id)).stats).toMatchObject({ totalSpend: { amount: 4_000 }, orderCount: 1, pointsBalance: 40 });
  });

  it('counts every one of concurrent refunds that fit in the purchase together', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 10_000);

    const answers = await Promise.all(Array.from({ length: 4 }, () => post(`/v1/customers/${customer.id}/refunds`, refundOf(order, 2_500), tenant.token)));

    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect((await get(`/v1/customers/${customer.id}/transactions/${order}`, tenant.token)).body).toMatchObject({ status: 'refunded', refundedAmount: { amount: 10_000 } });
    expect(answers.filter((answer) => answer.body.transactionStatus === 'refunded')).toHaveLength(1);
    expect(answers.reduce((sum, answer) => sum + answer.body.pointsReversed, 0)).toBe(100);
    expect((await profileOf(tenant.token, customer.id)).stats).toMatchObject({ totalSpend: { amount: 0 }, orderCount: 0, pointsBalance: 0 });
  });

  it('takes back what is left of points already spent, records the shortfall, and never goes below zero', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 10_000);
    expect((await post(`/v1/customers/${customer.id}/points`, { delta: -80, reason: 'gift' }, tenant.token)).status).toBe(201);

    const refund = await refunded(tenant.token, customer.id, refundOf(order));

    expect(refund).toMatchObject({ pointsReversed: 20, pointsShortfall: 80 });
    expect((await profileOf(tenant.token, customer.id)).stats.pointsBalance).toBe(0);
    const ledger = await listAll<{ delta: number; reason: string; sourceId?: string }>(`/v1/customers/${customer.id}/points`, tenant.token);
    expect(ledger[0]).toMatchObject({ delta: -20, reason: 'refund', sourceId: refund.id });
    expect(ledger.reduce((sum, entry) => sum + entry.delta, 0)).toBe(0);
  });

  it('keeps the figures a recomputation from the records gives: merged into a fresh customer, they come out the same', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const older = await bought(tenant.token, customer.id, 12_800, daysAgo(40));
    await bought(tenant.token, customer.id, 30_000, daysAgo(10), { externalId: 'POS-R-2' });
    const latest = await bought(tenant.token, customer.id, 5_000);
    await refunded(tenant.token, customer.id, refundOf(older, 2_800));
    await refunded(tenant.token, customer.id, { transactionExternalId: 'POS-R-2' });
    await post(`/v1/customers/${customer.id}/points`, { delta: -140, reason: 'gift' }, tenant.token);
    const shortfall = await refunded(tenant.token, customer.id, refundOf(latest));
    const written = await profileOf(tenant.token, customer.id);
    const fresh = await newCustomer(tenant.token);

    const merged = await post(`/v1/customers/${fresh.id}/merge`, { sourceCustomerId: customer.id }, tenant.token);

    expect(shortfall).toMatchObject({ pointsReversed: 10, pointsShortfall: 40 });
    expect(written.stats).toMatchObject({ totalSpend: { amount: 10_000 }, orderCount: 1, avgOrderValue: { amount: 10_000 }, pointsBalance: 0 });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.stats).toEqual(written.stats);
    expect([merged.body.tier, merged.body.stage]).toEqual([written.tier, written.stage]);
    expect(await listAll(`/v1/customers/${fresh.id}/refunds`, tenant.token)).toHaveLength(3);
  });

  it('announces the refund with ids and amounts to webhooks subscribed to transaction.refunded, and audits it', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = await bought(tenant.token, customer.id, 10_000);
    const webhook = await newWebhook(tenant.token, receiver.url, ['transaction.refunded']);

    const refund = await refunded(tenant.token, customer.id, refundOf(order, 2_500));
    await drain();

    const got = receiver.verifiedWith(webhook.secret).filter((request) => request.event.tenantId === tenant.id);
    expect(got.map((request) => request.event.type)).toEqual(['transaction.refunded']);
    expect(got[0]!.event.data).toEqual({
      customerId: customer.id,
      recordId: refund.id,
      transactionId: order,
      amount: { amount: 2_500, currency: 'CNY' },
      transactionStatus: 'partially_refunded',
      pointsReversed: 25,
      pointsShortfall: 0,
      occurredAt: refund.occurredAt,
    });
    expect((await eventsOf(tenant.id)).filter((event) => event.type === 'points.changed').map((event) => event.data.delta)).toEqual([100, -25]);
    const audit = await get(`/v1/audit?customerId=${customer.id}&action=record.created`, tenant.token);
    expect(audit.body.items).toContainEqual(expect.objectContaining({ target: { type: 'refund', id: refund.id }, details: { transactionId: order } }));
  });
});
