import { setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { get, listAll, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase, refundOf } from '#test/fixtures/records';
import { newTenant } from '#test/fixtures/tenants';

type Entry = { id: string; kind: string; delta: number; reason: string; sourceId?: string; occurredAt: string };

/** A customer with purchases (each carrying the points entry of what it earned, but one), entries of their own, a refund and a call. */
const customerWithLedger = async () => {
  const tenant = await newTenant();
  const customer = await newCustomer(tenant.token);
  const base = `/v1/customers/${customer.id}`;
  const purchases = [];
  for (const [amount, days] of [[12_800, 10], [5_000, 8], [900, 6], [30_000, 1]] as const) {
    purchases.push((await post(`${base}/transactions`, purchase(amount, daysAgo(days)), tenant.token)).body);
  }
  await post(`${base}/interactions`, { occurredAt: daysAgo(7), channel: 'phone', direction: 'outbound', topic: 'How was the tea?' }, tenant.token);
  await post(`${base}/refunds`, refundOf(purchases[1].id), tenant.token);
  await post(`${base}/points`, { delta: -20, reason: 'gift' }, tenant.token);
  await post(`${base}/points`, { delta: 50, reason: 'welcome' }, tenant.token);
  // Last, a purchase after those entries, then one that earns nothing: the ledger's read of
  // purchases passes over it, and must not take the entries before the purchase under it.
  purchases.push((await post(`${base}/transactions`, purchase(2_000), tenant.token)).body);
  await post(`${base}/transactions`, purchase(7_000, new Date().toISOString(), { status: 'refunded' }), tenant.token);
  // The first purchase has a care rule schedule a follow-up, an event away: wait for it, so the timeline holds still.
  for (let tries = 0; (await get(`${base}/followups`, tenant.token)).body.items.length === 0; tries += 1) {
    if (tries === 100) throw new Error('No follow-up after the first purchase');
    await setTimeout(100);
  }
  return { tenant, customer, base, purchases };
};

/** Newest first (records made within a second of one another may be in the order they were made). */
const newestFirst = (records: { occurredAt: string }[]) =>
  records.map((record) => Date.parse(record.occurredAt)).every((at, i, all) => i === 0 || all[i - 1]! >= at - 1000);

describe("a purchase's points entry", () => {
  it('is named by the purchase, listed in the ledger, read by its id and shown on the timeline', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const base = `/v1/customers/${customer.id}`;

    const bought = (await post(`${base}/transactions`, purchase(12_800, daysAgo(3)), tenant.token)).body;

    expect(bought.pointsEntryId).toMatch(/^pts_/);
    const entry = { id: bought.pointsEntryId, kind: 'points', customerId: customer.id, occurredAt: bought.occurredAt, delta: 128, reason: 'purchase', sourceId: bought.id };
    expect((await get(`${base}/points`, tenant.token)).body.items).toEqual([expect.objectContaining(entry)]);
    const read = await get(`${base}/points/${bought.pointsEntryId}`, tenant.token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...entry, createdBy: bought.createdBy, createdAt: bought.createdAt });
    // (A care rule's follow-up after the first purchase may join them, an event later.)
    const timeline = (await get(`${base}/timeline`, tenant.token)).body.items.filter((record: { kind: string }) => record.kind !== 'followups');
    expect(timeline.map((record: { id: string }) => record.id)).toEqual([bought.id, bought.pointsEntryId]);
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.pointsBalance).toBe(128);
  });

  it('is a 404 under another customer, another tenant, or as a purchase', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const neighbour = await newCustomer(tenant.token);
    const bought = (await post(`/v1/customers/${customer.id}/transactions`, purchase(5_000), tenant.token)).body;
    const other = await newTenant();
    const theirs = await newCustomer(other.token);

    expect((await get(`/v1/customers/${neighbour.id}/points/${bought.pointsEntryId}`, tenant.token)).status).toBe(404);
    expect((await get(`/v1/customers/${customer.id}/points/${bought.pointsEntryId}`, other.token)).status).toBe(404);
    expect((await get(`/v1/customers/${theirs.id}/points/${bought.pointsEntryId}`, other.token)).status).toBe(404);
    expect((await get(`/v1/customers/${customer.id}/transactions/${bought.pointsEntryId}`, tenant.token)).status).toBe(404);
  });

  it('is not written for a purchase that earns nothing', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const recordedRefunded = (await post(`/v1/customers/${customer.id}/transactions`, purchase(5_000, daysAgo(1), { status: 'refunded' }), tenant.token)).body;

    expect(recordedRefunded.pointsEntryId).toBeUndefined();
    expect((await get(`/v1/customers/${customer.id}/points`, tenant.token)).body.items).toEqual([]);
    expect((await get(`/v1/customers/${customer.id}/timeline`, tenant.token)).body.items).toHaveLength(1);
  });
});

describe('the points ledger and the timeline, with entries carried by purchases', () => {
  it('page through every entry once, newest first, summing to the balance, at any page size', async () => {
    const { tenant, base, purchases } = await customerWithLedger();
    const whole = await listAll<Entry>(`${base}/points?limit=100`, tenant.token);

    expect(whole.filter((entry) => entry.reason === 'purchase').map((entry) => entry.sourceId).sort()).toEqual(purchases.map((bought) => bought.id).sort());
    expect(whole.map((entry) => entry.reason).filter((reason) => reason !== 'purchase').sort()).toEqual(['gift', 'refund', 'welcome']);
    expect(newestFirst(whole)).toBe(true);
    const balance = (await get(base, tenant.token)).body.stats.pointsBalance;
    expect(whole.reduce((sum, entry) => sum + entry.delta, 0)).toBe(balance);
    for (const limit of [1, 2, 3]) {
      expect((await listAll<Entry>(`${base}/points?limit=${limit}`, tenant.token)).map((entry) => entry.id), `limit ${limit}`).toEqual(whole.map((entry) => entry.id));
    }
  });

  it('list each purchase beside its points entry on the timeline, every record once, at any page size', async () => {
    const { tenant, base, purchases } = await customerWithLedger();
    const whole = await listAll<{ id: string; kind: string; occurredAt: string }>(`${base}/timeline?limit=100`, tenant.token);

    // 5 purchases and their entries, one that earned nothing, 2 entries of their own, the refund and its entry, the call, the care follow-up.
    expect(whole).toHaveLength(17);
    expect(newestFirst(whole)).toBe(true);
    for (const bought of purchases) {
      const at = whole.findIndex((record) => record.id === bought.id);
      expect(whole[at + 1]?.id).toBe(bought.pointsEntryId);
    }
    for (const limit of [1, 2, 3]) {
      const paged = await listAll<{ id: string }>(`${base}/timeline?limit=${limit}`, tenant.token);
      expect(paged.map((record) => record.id), `limit ${limit}`).toEqual(whole.map((record) => record.id));
    }
  });

  it('keep the entries when the customer is merged into another, and its balance', async () => {
    const { tenant, customer, purchases } = await customerWithLedger();
    const survivor = await newCustomer(tenant.token);
    const before = await listAll<Entry>(`/v1/customers/${customer.id}/points`, tenant.token);

    expect((await post(`/v1/customers/${survivor.id}/merge`, { sourceCustomerId: customer.id }, tenant.token)).status).toBe(200);

    const after = await listAll<Entry>(`/v1/customers/${survivor.id}/points`, tenant.token);
    expect(after.map((entry) => entry.id).sort()).toEqual(before.map((entry) => entry.id).sort());
    expect((await get(`/v1/customers/${survivor.id}`, tenant.token)).body.stats.pointsBalance).toBe(after.reduce((sum, entry) => sum + entry.delta, 0));
    expect((await get(`/v1/customers/${survivor.id}/points/${purchases[0].pointsEntryId}`, tenant.token)).body.sourceId).toBe(purchases[0].id);
  });
});
