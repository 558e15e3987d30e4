import { describe, expect, it } from 'vitest';
import { get, listAll, patch } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

describe('GET /v1/customers', () => {
  it('finds a customer by phone in any format, by email, and by external id', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token, { externalIds: { shopify: 'gid-778' } });
    await newCustomer(tenant.token);
    const p = customer.body.phone;

    const byPhone = await get(`/v1/customers?phone=${encodeURIComponent(`+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`)}`, tenant.token);
    const byEmail = await get(`/v1/customers?email=${encodeURIComponent(customer.body.email.toUpperCase())}`, tenant.token);
    const byExternal = await get('/v1/customers?externalId=shopify:gid-778', tenant.token);

    for (const answer of [byPhone, byEmail, byExternal]) {
      expect(answer.body.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);
      expect(answer.body.nextCursor).toBeNull();
    }
  });

  it('answers an empty list for a number nobody has, and a field error for an invalid one', async () => {
    const tenant = await newTenant();

    expect((await get('/v1/customers?phone=13700000000', tenant.token)).body.items).toEqual([]);
    expectProblem(await get('/v1/customers?phone=12', tenant.token), 400, 'validation-failed');
  });

  it('pages through 23 customers visiting each exactly once, in every sort order', async () => {
    const tenant = await newTenant();
    const ids = new Set<string>();
    for (let i = 0; i < 23; i += 1) ids.add((await newCustomer(tenant.token)).id);

    for (const sort of ['name', '-createdAt', '-lastPurchaseAt', '-totalSpend']) {
      const seen = (await listAll<{ id: string }>(`/v1/customers?limit=5&sort=${sort}`, tenant.token)).map((c) => c.id);
      expect(seen, sort).toHaveLength(23);
      expect(new Set(seen), sort).toEqual(ids);
    }
  });

  it('lists newest first by default', async () => {
    const tenant = await newTenant();
    const first = await newCustomer(tenant.token);
    const second = await newCustomer(tenant.token);

    const answer = await get('/v1/customers', tenant.token);

    expect(answer.body.items.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
  });

  it('searches by name prefix, Chinese names too', async () => {
    const tenant = await newTenant();
    const zhang = await newCustomer(tenant.token, { name: '张伟' });
    const zhangSan = await newCustomer(tenant.token, { name: '张三丰' });
    await newCustomer(tenant.token, { name: '李娜' });
    const zoe = await newCustomer(tenant.token, { name: 'Zoë Martin' });

    const chinese = await get(`/v1/customers?q=${encodeURIComponent('张')}`, tenant.token);
    const latin = await get(`/v1/customers?q=${encodeURIComponent('zoË m')}`, tenant.token);

    expect(chinese.body.items.map((c: { id: string }) => c.id).sort()).toEqual([zhang.id, zhangSan.id].sort());
    expect(latin.body.items.map((c: { id: string }) => c.id)).toEqual([zoe.id]);
  });

  it('sorts by name', async () => {
    const tenant = await newTenant();
    for (const name of ['Charlie', 'alice', 'Bob']) await newCustomer(tenant.token, { name });

    const answer = await get('/v1/customers?sort=name', tenant.token);

    expect(answer.body.items.map((c: { name: string }) => c.name)).toEqual(['alice', 'Bob', 'Charlie']);
  });

  it('filters by tag and owner', async () => {
    const tenant = await newTenant();
    const tagged = await newCustomer(tenant.token, { tags: ['wholesale', 'north'] });
    await newCustomer(tenant.token, { tags: ['retail'] });
    const owned = await newCustomer(tenant.token);
    await patch(`/v1/customers/${owned.id}`, { ownerUserId: tenant.ownerId }, tenant.token);

    const byTag = await listAll<{ id: string }>('/v1/customers?tag=wholesale', tenant.token);
    const byOwner = await listAll<{ id: string }>(`/v1/customers?ownerUserId=${tenant.ownerId}`, tenant.token);

    expect(byTag.map((c) => c.id)).toEqual([tagged.id]);
    expect(byOwner.map((c) => c.id)).toEqual([owned.id]);
  });

  it('refuses unknown filters and sorts with field errors', async () => {
    const tenant = await newTenant();

    const answer = await get('/v1/customers?sort=phone&tier=gold&colour=red', tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'sort', 'tier']);
  });
});

describe('tenant isolation of customers', () => {
  it("answers 404 for another tenant's customer on every route", async () => {
    const first = await newTenant();
    const second = await newTenant();
    const customer = await newCustomer(first.token);

    expectProblem(await get(`/v1/customers/${customer.id}`, second.token), 404);
    expectProblem(await patch(`/v1/customers/${customer.id}`, { source: 'x' }, second.token), 404);
    expectProblem(await get(`/v1/customers/${customer.id}?reveal=true`, second.token), 404);
    expect((await get(`/v1/customers?phone=${customer.body.phone}`, second.token)).body.items).toEqual([]);
    expect((await get('/v1/customers', second.token)).body.items).toEqual([]);
    expect((await get(`/v1/customers/${customer.id}`, first.token)).status).toBe(200);
  });
});

describe('birthday look-up', () => {
  it("finds the customers born on a month-day through the blind index, and no one else", async () => {
    const tenant = await newTenant();
    const march = await newCustomer(tenant.token, { birthday: '1990-03-15' });
    const alsoMarch = await newCustomer(tenant.token, { birthday: '2001-03-15' });
    await newCustomer(tenant.token, { birthday: '1990-03-16' });
    await newCustomer(tenant.token, { birthday: undefined });

    const answer = await get('/v1/customers?birthday=03-15', tenant.token);

    expect(answer.body.items.map((c: { id: string }) => c.id).sort()).toEqual([march.id, alsoMarch.id].sort());
    expectProblem(await get('/v1/customers?birthday=1990-03-15', tenant.token), 400);
  });
});
