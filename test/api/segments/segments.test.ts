import { beforeAll, describe, expect, it } from 'vitest';
import { call, del, get, listAll, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { drain } from '#test/fixtures/spreadsheets';
import { expectProblem, newTenant, type TestTenant } from '#test/fixtures/tenants';

// One tenant of 36 varied customers; each segment's members are checked against a brute-force
// filter of every customer the test reads back (and the birthdays it gave them).
const cities = [
  { province: '上海', city: '上海' },
  { province: '浙江', city: '杭州' },
  { province: '北京', city: '北京' },
];

let tenant: TestTenant;
let customers: any[] = [];
const birthdays = new Map<string, string | undefined>();
let midpoint: string;

const month = (n: number) => String(n).padStart(2, '0');

beforeAll(async () => {
  tenant = await newTenant();
  for (let i = 0; i < 36; i += 1) {
    const birthday = i % 7 === 0 ? undefined : `19${80 + (i % 20)}-${month((i % 12) + 1)}-${month((i % 27) + 1)}`;
    const created = await newCustomer(tenant.token, {
      name: `客户 ${i}`,
      gender: i % 2 ? 'female' : 'male',
      birthday,
      address: { country: 'CN', ...cities[i % 3] },
      tags: [...(i % 2 ? ['vip'] : []), ...(i % 3 === 0 ? ['tea'] : [])],
      source: i % 5 === 0 ? 'wechat' : 'store',
      consent: { marketingSms: i % 4 === 0, marketingEmail: false },
    });
    birthdays.set(created.id, birthday);
    if (i === 17) midpoint = new Date().toISOString();
    for (let p = 0; p < (i % 3 === 1 ? 1 : 0) + (i % 5 === 2 ? 2 : 0); p += 1) {
      const answer = await post(`/v1/customers/${created.id}/transactions`, purchase(1000 * (i + 1) + p * 700, daysAgo(i + p * 40)), tenant.token);
      expect(answer.status, answer.text).toBe(201);
    }
  }
  // The whole file of each (a list shows summaries: no figures, gender, source or province).
  const listed = await listAll<{ id: string }>('/v1/customers?limit=200', tenant.token);
  customers = await Promise.all(listed.map(async ({ id }) => (await get(`/v1/customers/${id}`, tenant.token)).body));
}, 120_000);

/** The filter, applied the slow way: every customer, every condition. */
const bruteForce = (filter: Record<string, any>): string[] =>
  customers
    .filter((c) => {
      const list = (value: any) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
      const within = (values: any, value: any) => !list(values) || list(values)!.includes(value);
      const last = c.stats.lastPurchaseAt ? Date.parse(c.stats.lastPurchaseAt) : undefined;
      const birthday = birthdays.get(c.id);
      return (
        within(filter.tier, c.tier) &&
        within(filter.stage, c.stage) &&
        within(filter.gender, c.gender) &&
        within(filter.city, c.address?.city) &&
        within(filter.province, c.address?.province) &&
        within(filter.source, c.source) &&
        (!filter.tags || filter.tags.every((tag: string) => c.tags.includes(tag))) &&
        (filter.minTotalSpend === undefined || c.stats.totalSpend.amount >= filter.minTotalSpend) &&
        (filter.maxTotalSpend === undefined || c.stats.totalSpend.amount <= filter.maxTotalSpend) &&
        (filter.minOrderCount === undefined || c.stats.orderCount >= filter.minOrderCount) &&
        (filter.maxOrderCount === undefined || c.stats.orderCount <= filter.maxOrderCount) &&
        (!filter.lastPurchaseAfter || (last !== undefined && last >= Date.parse(filter.lastPurchaseAfter))) &&
        (!filter.lastPurchaseBefore || (last !== undefined && last < Date.parse(filter.lastPurchaseBefore))) &&
        (!filter.createdAfter || Date.parse(c.createdAt) >= Date.parse(filter.createdAfter)) &&
        (!filter.createdBefore || Date.parse(c.createdAt) < Date.parse(filter.createdBefore)) &&
        (filter.birthdayMonth === undefined || (birthday !== undefined && Number(birthday.slice(5, 7)) === filter.birthdayMonth)) &&
        (filter.consent?.marketingSms === undefined || c.consent.marketingSms === filter.consent.marketingSms)
      );
    })
    .map((c) => c.id)
    .sort();

const filters: [string, Record<string, unknown>][] = [
  ['a city and a tag (the whole listing, checked one by one)', { city: '杭州', tags: ['vip'] }],
  ['a birthday month (the birthday index, month-day by month-day)', { birthdayMonth: 3 }],
  ['a spend range (the spend listing)', { minTotalSpend: 5000, maxTotalSpend: 30000 }],
  ['spend up to an amount, customers who never bought included', { maxTotalSpend: 30000 }],
  ['a last-purchase window (the last-purchase listing)', { lastPurchaseAfter: daysAgo(20), lastPurchaseBefore: new Date(Date.now() + 60_000).toISOString() }],
  ['a created window (the created listing)', { createdBefore: '__midpoint__' }],
  ['repeat buyers (bought at least twice)', { minOrderCount: 2 }],
  ['consent and gender together', { consent: { marketingSms: true }, gender: 'male' }],
  ['one of several tiers from one source', { tier: ['potential', 'regular'], source: 'wechat', province: ['浙江', '北京'] }],
];

describe('segments', () => {
  it.each(filters)('returns exactly the customers its filter names: %s', async (_name, given) => {
    const filter = JSON.parse(JSON.stringify(given).replace('"__midpoint__"', JSON.stringify(midpoint)));
    const expected = bruteForce(filter);
    expect(expected.length, 'the filter names some customers, not all').toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(customers.length);
    const created = await post('/v1/segments', { name: _name, filter }, tenant.token);
    expect(created.status, created.text).toBe(201);

    const members = (await listAll(`/v1/segments/${created.body.id}/customers?limit=7`, tenant.token)).map((c) => c.id).sort();
    const listed = (await listAll(`/v1/customers?segmentId=${created.body.id}&limit=5`, tenant.token)).map((c) => c.id).sort();
    await drain();
    const counted = await get(`/v1/segments/${created.body.id}`, tenant.token);

    expect(members).toEqual(expected);
    expect(listed).toEqual(expected);
    expect(counted.body.size).toMatchObject({ count: expected.length, status: 'counted', countedAt: expect.any(String) });
  });

  it('shows every member masked', async () => {
    const created = await post('/v1/segments', { name: 'all of 杭州', filter: { city: '杭州' } }, tenant.token);

    const page = await get(`/v1/segments/${created.body.id}/customers`, tenant.token);

    expect(page.body.items.length).toBeGreaterThan(0);
    for (const member of page.body.items) expect(member.phone).toMatch(/\*{4}/);
  });

  it('is renamed, refiltered (and counted again), listed and deleted, with If-Match', async () => {
    const created = await post('/v1/segments', { name: 'shanghai', filter: { city: '上海' } }, tenant.token);
    await drain();

    const renamed = await patch(`/v1/segments/${created.body.id}`, { name: '上海客户' }, tenant.token, { 'if-match': '"1"' });
    const stale = await patch(`/v1/segments/${created.body.id}`, { name: 'late' }, tenant.token, { 'if-match': '"1"' });
    const refiltered = await patch(`/v1/segments/${created.body.id}`, { filter: { city: '北京' } }, tenant.token);
    await drain();
    const after = await get(`/v1/segments/${created.body.id}`, tenant.token);
    const all = await listAll('/v1/segments', tenant.token);
    const deleted = await del(`/v1/segments/${created.body.id}`, tenant.token);

    expect(renamed.status).toBe(200);
    expect(renamed.body.size).toMatchObject({ count: bruteForce({ city: '上海' }).length, status: 'counted' });
    expectProblem(stale, 412, 'precondition-failed');
    expect(refiltered.body.size.status).toBe('counting');
    expect(after.body).toMatchObject({ name: '上海客户', version: 3, size: { count: bruteForce({ city: '北京' }).length, status: 'counted' } });
    expect(all.map((s) => s.id)).toContain(created.body.id);
    expect(deleted.status).toBe(204);
    expectProblem(await get(`/v1/segments/${created.body.id}`, tenant.token), 404, 'not-found');
  });

  it('counts again on request', async () => {
    const created = await post('/v1/segments', { name: 'women', filter: { gender: 'female' } }, tenant.token);
    await drain();

    const asked = await call('POST', `/v1/segments/${created.body.id}/count`, { token: tenant.token });
    await drain();

    expect(asked.status).toBe(202);
    expect(asked.body.size.status).toBe('counting');
    expect((await get(`/v1/segments/${created.body.id}`, tenant.token)).body.size).toMatchObject({ status: 'counted', count: bruteForce({ gender: 'female' }).length });
  });

  it('lists every bad field of a filter in one 400', async () => {
    const answer = await post('/v1/segments', { name: '', filter: { minTotalSpend: 500, maxTotalSpend: 100, birthdayMonth: 13, shoeSize: 42 } }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['filter.birthdayMonth', 'filter.maxTotalSpend', 'filter.shoeSize', 'name']);
  });

  it('answers a 400 naming the filter when it is missing or not an object, and the key it does not know', async () => {
    for (const filter of [undefined, null, 'vip', [1]]) {
      const answer = await post('/v1/segments', { name: '张伟', version: true, ...(filter === undefined ? {} : { filter }) }, tenant.token);

      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((e: { path: string }) => e.path).sort(), JSON.stringify(filter)).toEqual(['filter', 'version']);
    }
  });

  it("answers 404 for another tenant's segment, however it is named", async () => {
    const stranger = await newTenant();
    const created = await post('/v1/segments', { name: 'mine', filter: {} }, tenant.token);

    for (const answer of [
      await get(`/v1/segments/${created.body.id}`, stranger.token),
      await get(`/v1/segments/${created.body.id}/customers`, stranger.token),
      await get(`/v1/customers?segmentId=${created.body.id}`, stranger.token),
      await patch(`/v1/segments/${created.body.id}`, { name: 'theirs' }, stranger.token),
      await del(`/v1/segments/${created.body.id}`, stranger.token),
    ]) {
      expectProblem(answer, 404, 'not-found');
    }
  });
});

describe('POST /v1/campaigns/{id}/invite', () => {
  it("invites every member of a segment once, and a second invitation only the ones not invited yet", async () => {
    const campaign = await post('/v1/campaigns', { name: '品茶会', kind: 'event', startsAt: new Date().toISOString() }, tenant.token);
    const segment = await post('/v1/segments', { name: 'tea lovers', filter: { tags: ['tea'] } }, tenant.token);
    const expected = bruteForce({ tags: ['tea'] });

    const asked = await post(`/v1/campaigns/${campaign.body.id}/invite`, { segmentId: segment.body.id }, tenant.token);
    await drain();
    const first = await get(`/v1/campaigns/${campaign.body.id}`, tenant.token);
    await post(`/v1/campaigns/${campaign.body.id}/invite`, { segmentId: segment.body.id }, tenant.token);
    await drain();
    const second = await get(`/v1/campaigns/${campaign.body.id}`, tenant.token);
    const participations = await get(`/v1/customers/${expected[0]}/participations`, tenant.token);

    expect(asked.status).toBe(202);
    expect(asked.body.invitations).toMatchObject({ status: 'queued', segmentId: segment.body.id });
    expect(first.body.invitations).toMatchObject({ status: 'completed', invited: expected.length, alreadyInvited: 0, failed: 0 });
    expect(second.body.invitations).toMatchObject({ status: 'completed', invited: 0, alreadyInvited: expected.length });
    expect(participations.body.items).toEqual([expect.objectContaining({ campaignId: campaign.body.id, status: 'invited' })]);
  });

  it('refuses a segment of another tenant as a field error', async () => {
    const stranger = await newTenant();
    const theirs = await post('/v1/segments', { name: 'x', filter: {} }, stranger.token);
    const campaign = await post('/v1/campaigns', { name: 'c', kind: 'event', startsAt: new Date().toISOString() }, tenant.token);

    const answer = await post(`/v1/campaigns/${campaign.body.id}/invite`, { segmentId: theirs.body.id }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'segmentId' })]);
  });
});
