import { describe, expect, it } from 'vitest';
import { get, listAll, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newStaff, newTenant } from '#test/fixtures/tenants';

describe('points', () => {
  it('never lets the balance go below zero, and it always equals the ledger sum', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    await post(`/v1/customers/${customer.id}/points`, { delta: 100, reason: 'welcome' }, tenant.token);

    const answers = await Promise.all([
      ...Array.from({ length: 8 }, () => post(`/v1/customers/${customer.id}/points`, { delta: -30, reason: 'gift' }, tenant.token)),
      ...Array.from({ length: 4 }, () => post(`/v1/customers/${customer.id}/points`, { delta: 5, reason: 'survey' }, tenant.token)),
    ]);

    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const balance = (await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.pointsBalance;
    const ledger = await listAll<{ delta: number }>(`/v1/customers/${customer.id}/points`, tenant.token);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBe(ledger.reduce((sum, entry) => sum + entry.delta, 0));
    expect(answers.filter((a) => a.status === 201 && a.body.delta === -30).length).toBeLessThanOrEqual(4);
  });

  it('answers 409 when a deduction would overdraw', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answer = await post(`/v1/customers/${customer.id}/points`, { delta: -1, reason: 'oops' }, tenant.token);

    expectProblem(answer, 409, 'conflict');
  });
});

describe('feedback and complaints', () => {
  it('takes a complaint off the open list when it is resolved', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const complaint = await post(`/v1/customers/${customer.id}/feedback`, { type: 'complaint', content: 'Cold coffee', rating: 1, channel: 'store' }, tenant.token);
    await post(`/v1/customers/${customer.id}/feedback`, { type: 'praise', content: 'Lovely staff', rating: 5 }, tenant.token);
    const openComplaints = () => listAll<{ id: string }>('/v1/feedback?status=open&type=complaint', tenant.token);
    expect((await openComplaints()).map((f) => f.id)).toEqual([complaint.body.id]);

    await patch(`/v1/customers/${customer.id}/feedback/${complaint.body.id}`, { status: 'in_progress' }, tenant.token);
    const resolved = await patch(`/v1/customers/${customer.id}/feedback/${complaint.body.id}`, { status: 'resolved', resolution: 'Refunded' }, tenant.token);

    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Refunded' });
    expect(await openComplaints()).toEqual([]);
    expect((await listAll<{ id: string }>('/v1/feedback?status=resolved', tenant.token)).map((f) => f.id)).toEqual([complaint.body.id]);
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.satisfaction).toBe(3);
    expectProblem(await patch(`/v1/customers/${customer.id}/feedback/${complaint.body.id}`, { status: 'in_progress' }, tenant.token), 409);
  });

  it('keeps NPS from survey answers', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    for (const nps of [10, 9, 7, 3]) await post(`/v1/customers/${customer.id}/feedback`, { type: 'survey', content: 'Q3 survey', nps }, tenant.token);

    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.nps).toBe(25);
  });
});

describe('follow-ups', () => {
  it('lists open follow-ups across customers by assignee and due time', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const first = await newCustomer(tenant.token);
    const second = await newCustomer(tenant.token);
    const soon = await post(`/v1/customers/${first.id}/followups`, { dueAt: daysAgo(-1), title: 'Call back', assigneeUserId: agent.id }, tenant.token);
    const later = await post(`/v1/customers/${second.id}/followups`, { dueAt: daysAgo(-10), title: 'Check in', assigneeUserId: agent.id }, tenant.token);
    await post(`/v1/customers/${second.id}/followups`, { dueAt: daysAgo(-2), title: 'Owner task', assigneeUserId: tenant.ownerId }, tenant.token);

    const mine = await listAll<{ id: string }>(`/v1/followups?assigneeUserId=${agent.id}`, agent.token);
    const dueSoon = await listAll<{ id: string }>(`/v1/followups?assigneeUserId=${agent.id}&dueBefore=${encodeURIComponent(daysAgo(-5))}`, agent.token);
    await patch(`/v1/customers/${first.id}/followups/${soon.body.id}`, { status: 'done', outcome: 'Booked a visit' }, agent.token);
    const stillOpen = await listAll<{ id: string }>(`/v1/followups?assigneeUserId=${agent.id}`, agent.token);

    expect(mine.map((f) => f.id)).toEqual([soon.body.id, later.body.id]);
    expect(dueSoon.map((f) => f.id)).toEqual([soon.body.id]);
    expect(stillOpen.map((f) => f.id)).toEqual([later.body.id]);
    expect((await listAll<{ id: string }>('/v1/followups?status=done', agent.token)).map((f) => f.id)).toEqual([soon.body.id]);
  });

  it('refuses an assignee from outside the tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answer = await post(`/v1/customers/${customer.id}/followups`, { dueAt: daysAgo(-1), title: 'x', assigneeUserId: other.ownerId }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
  });
});

describe('payments (credit)', () => {
  it('keeps credit outstanding until paid', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const bill = await post(`/v1/customers/${customer.id}/payments`, { dueAt: daysAgo(-30), amount: { amount: 50000, currency: 'CNY' } }, tenant.token);
    await post(`/v1/customers/${customer.id}/payments`, { dueAt: daysAgo(-30), amount: { amount: 7000, currency: 'CNY' }, paidAt: daysAgo(0) }, tenant.token);
    expect(bill.body.status).toBe('pending');
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.creditOutstanding.amount).toBe(50000);

    await patch(`/v1/customers/${customer.id}/payments/${bill.body.id}`, { paidAt: new Date().toISOString() }, tenant.token);

    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.creditOutstanding.amount).toBe(0);
    expectProblem(await patch(`/v1/customers/${customer.id}/payments/${bill.body.id}`, { paidAt: new Date().toISOString() }, tenant.token), 409);
  });

  it('refuses money in another currency than the tenant', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answer = await post(`/v1/customers/${customer.id}/payments`, { dueAt: daysAgo(-3), amount: { amount: 100, currency: 'USD' } }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([{ path: 'amount.currency', message: expect.any(String) }]);
  });
});

describe('coupons and campaigns', () => {
  it('redeems a coupon exactly once, even when two tills race', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const coupon = await post(`/v1/customers/${customer.id}/coupons`, { kind: 'percent', value: 15, validDays: 7, title: 'Welcome back' }, tenant.token);
    expect(coupon.body.code).toMatch(/^[0-9A-Z]{10}$/);

    const answers = await Promise.all([post(`/v1/coupons/${coupon.body.code}/redeem`, {}, tenant.token), post(`/v1/coupons/${coupon.body.code}/redeem`, {}, tenant.token)]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await get(`/v1/customers/${customer.id}/coupons/${coupon.body.id}`, tenant.token)).body.status).toBe('redeemed');
  });

  it("doesn't find another tenant's coupon", async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const customer = await newCustomer(tenant.token);
    const coupon = await post(`/v1/customers/${customer.id}/coupons`, { kind: 'amount', value: 500 }, tenant.token);

    expectProblem(await post(`/v1/coupons/${coupon.body.code}/redeem`, {}, other.token), 404);
  });

  it('records one participation per customer and campaign', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const campaign = await post('/v1/campaigns', { name: 'Spring tasting', kind: 'event', startsAt: daysAgo(1) }, tenant.token);

    const first = await post(`/v1/customers/${customer.id}/participations`, { campaignId: campaign.body.id, status: 'attended' }, tenant.token);
    const again = await post(`/v1/customers/${customer.id}/participations`, { campaignId: campaign.body.id, status: 'converted' }, tenant.token);
    const unknown = await post(`/v1/customers/${customer.id}/participations`, { campaignId: 'cmp_01ARZ3NDEKTSV4RRFFQ69G5FAV', status: 'invited' }, tenant.token);

    expect(first.status).toBe(201);
    expectProblem(again, 409, 'duplicate');
    expectProblem(unknown, 400, 'validation-failed');
    expect((await get('/v1/campaigns', tenant.token)).body.items.map((c: { id: string }) => c.id)).toEqual([campaign.body.id]);
  });
});

describe('the timeline', () => {
  it('holds every kind of record, each with when it happened, newest first by it', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const campaign = await post('/v1/campaigns', { name: 'Autumn', kind: 'promotion', startsAt: daysAgo(5) }, tenant.token);
    const base = `/v1/customers/${customer.id}`;

    await post(`${base}/transactions`, purchase(3000, daysAgo(30)), tenant.token);
    await post(`${base}/interactions`, { occurredAt: daysAgo(20), channel: 'phone', direction: 'outbound', topic: 'Thank-you call' }, tenant.token);
    await post(`${base}/feedback`, { type: 'suggestion', content: 'Open earlier' }, tenant.token);
    await post(`${base}/followups`, { dueAt: daysAgo(-7), title: 'Invite to tasting' }, tenant.token);
    await post(`${base}/payments`, { dueAt: daysAgo(-30), amount: { amount: 1000, currency: 'CNY' } }, tenant.token);
    await post(`${base}/points`, { delta: 50, reason: 'birthday' }, tenant.token);
    await post(`${base}/coupons`, { kind: 'amount', value: 1000 }, tenant.token);
    await post(`${base}/participations`, { campaignId: campaign.body.id, status: 'invited' }, tenant.token);

    const all = await listAll<{ kind: string; occurredAt: string; reason?: string; occasion?: string }>(`${base}/timeline?limit=3`, tenant.token);
    // The first purchase may also have scheduled a care follow-up by now; it is Dossier's, not ours.
    const timeline = all.filter((r) => !r.occasion?.startsWith('care:'));

    expect(new Set(timeline.map((r) => r.kind))).toEqual(
      new Set(['transactions', 'interactions', 'feedback', 'followups', 'payments', 'points', 'coupons', 'participations']),
    );
    expect(timeline).toHaveLength(9);
    const times = timeline.map((r) => r.occurredAt);
    expect(times.every((time) => !Number.isNaN(Date.parse(time)))).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
    // The points the purchase earned happened when the purchase did, a month ago, not today.
    const purchaseTime = timeline.find((r) => r.kind === 'transactions')!.occurredAt;
    expect(timeline.find((r) => r.kind === 'points' && r.reason === 'purchase')!.occurredAt).toBe(purchaseTime);
    expect(timeline.slice(-2).map((r) => r.kind).sort()).toEqual(['points', 'transactions']);
  });
});

describe('bad records', () => {
  it('answers malformed records with 400 listing every bad field', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answer = await post(
      `/v1/customers/${customer.id}/transactions`,
      {
        occurredAt: 'yesterday',
        amount: { amount: 12.5, currency: 'CNY' },
        channel: 'carrier-pigeon',
        paymentMethod: 'card',
        items: [{ name: 'Tea', quantity: -2, unitPrice: { amount: 100, currency: 'CNY' } }],
        discount: 5,
      },
      tenant.token,
    );
    const feedback = await post(`/v1/customers/${customer.id}/feedback`, { type: 'complaint', content: 'x', rating: 6, nps: 11 }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amount.amount', 'channel', 'discount', 'items.0.quantity', 'occurredAt']);
    expect(feedback.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['nps', 'rating']);
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.version).toBe(1);
  });

  it('answers 404 for records on an unknown or a foreign customer', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const foreign = await newCustomer(other.token);

    for (const customerId of ['cus_01ARZ3NDEKTSV4RRFFQ69G5FAV', foreign.id]) {
      expectProblem(await post(`/v1/customers/${customerId}/transactions`, purchase(100), tenant.token), 404);
      expectProblem(await post(`/v1/customers/${customerId}/followups`, { dueAt: daysAgo(-1), title: 'x' }, tenant.token), 404);
      expectProblem(await get(`/v1/customers/${customerId}/transactions`, tenant.token), 404);
      expectProblem(await get(`/v1/customers/${customerId}/timeline`, tenant.token), 404);
    }
    expect((await get(`/v1/customers/${foreign.id}`, other.token)).body.stats.orderCount).toBe(0);
  });
});
