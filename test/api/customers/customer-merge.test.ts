import { describe, expect, it } from 'vitest';
import { get, listAll, post } from '#test/fixtures/api-client';
import { customerBody, e164Of, newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newStaff, newTenant } from '#test/fixtures/tenants';

describe('POST /v1/customers/{id}/merge', () => {
  it("moves the source's records over, recomputes the figures, and erases the source", async () => {
    const tenant = await newTenant();
    const target = await newCustomer(tenant.token, { email: undefined, tags: ['retail'] });
    const source = await newCustomer(tenant.token, { tags: ['wholesale'] });
    await post(`/v1/customers/${target.id}/transactions`, purchase(1000, daysAgo(10)), tenant.token);
    await post(`/v1/customers/${source.id}/transactions`, purchase(5000, daysAgo(40)), tenant.token);
    await post(`/v1/customers/${source.id}/transactions`, purchase(2000, daysAgo(2)), tenant.token);
    await post(`/v1/customers/${source.id}/interactions`, { occurredAt: daysAgo(1), channel: 'wechat', direction: 'inbound', topic: 'Delivery?' }, tenant.token);

    const merged = await post(`/v1/customers/${target.id}/merge`, { sourceCustomerId: source.id }, tenant.token);

    expect(merged.status).toBe(200);
    expect(merged.body.stats).toMatchObject({ orderCount: 3, totalSpend: { amount: 8000 }, pointsBalance: 80 });
    expect(Date.parse(merged.body.stats.lastPurchaseAt)).toBeGreaterThan(Date.parse(daysAgo(3)));
    expect(merged.body.tags.sort()).toEqual(['retail', 'wholesale']);
    expect(merged.body.email).toBe('w***@example.com');
    expectProblem(await get(`/v1/customers/${source.id}`, tenant.token), 404);
    const timeline = await listAll<{ kind: string; customerId: string }>(`/v1/customers/${target.id}/timeline`, tenant.token);
    expect(timeline.filter((r) => r.kind === 'transactions')).toHaveLength(3);
    expect(timeline.every((r) => r.customerId === target.id)).toBe(true);
  });

  it("hands the source's email to the survivor when it had none, and frees the source's phone", async () => {
    const tenant = await newTenant();
    const target = await newCustomer(tenant.token, { email: undefined });
    const source = await newCustomer(tenant.token);

    await post(`/v1/customers/${target.id}/merge`, { sourceCustomerId: source.id }, tenant.token);

    const revealed = await get(`/v1/customers/${target.id}?reveal=true`, tenant.token);
    expect(revealed.body.email).toBe(source.body.email);
    expect(revealed.body.phone).toBe(e164Of(target.body.phone));
    expect((await get(`/v1/customers?email=${encodeURIComponent(source.body.email)}`, tenant.token)).body.items[0].id).toBe(target.id);
    expect((await post('/v1/customers', customerBody({ phone: source.body.phone }), tenant.token)).status).toBe(201);
  });

  it('refuses to merge a customer into itself, or one of another tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const customer = await newCustomer(tenant.token);
    const foreign = await newCustomer(other.token);

    expectProblem(await post(`/v1/customers/${customer.id}/merge`, { sourceCustomerId: customer.id }, tenant.token), 400);
    expectProblem(await post(`/v1/customers/${customer.id}/merge`, { sourceCustomerId: foreign.id }, tenant.token), 404);
    expect((await get(`/v1/customers/${foreign.id}`, other.token)).status).toBe(200);
  });

  it('is refused to agents', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const a = await newCustomer(tenant.token);
    const b = await newCustomer(tenant.token);

    expectProblem(await post(`/v1/customers/${a.id}/merge`, { sourceCustomerId: b.id }, agent.token), 403);
  });
});

describe('export and duplicates', () => {
  it('exports the whole file decrypted, to a manager, and audits it', async () => {
    const tenant = await newTenant();
    const manager = await newStaff(tenant, 'manager');
    const agent = await newStaff(tenant, 'agent');
    const customer = await newCustomer(tenant.token);
    await post(`/v1/customers/${customer.id}/transactions`, purchase(1200), tenant.token);

    const exported = await get(`/v1/customers/${customer.id}/export`, manager.token);

    expect(exported.status).toBe(200);
    expect(exported.body.customer.phone).toBe(e164Of(customer.body.phone));
    expect(exported.body.records.map((r: { kind: string }) => r.kind).sort()).toEqual(['points', 'transactions']);
    expectProblem(await get(`/v1/customers/${customer.id}/export`, agent.token), 403);
    expect((await get(`/v1/audit?action=customer.exported`, tenant.token)).body.items).toHaveLength(1);
  });

  it('pairs customers with similar names in the same city', async () => {
    const tenant = await newTenant();
    const wang = await newCustomer(tenant.token, { name: '王小明', address: { city: '上海' } });
    const wang2 = await newCustomer(tenant.token, { name: '王小明', address: { city: '上海' } });
    await newCustomer(tenant.token, { name: '王小明', address: { city: '北京' } });
    const anna = await newCustomer(tenant.token, { name: 'Anna Schmidt', address: { city: 'Berlin' } });
    const anne = await newCustomer(tenant.token, { name: 'Anne Schmidt', address: { city: 'berlin' } });

    const answer = await get('/v1/customers/duplicates', tenant.token);

    const pairs = answer.body.items.map((p: { customerIds: string[] }) => [...p.customerIds].sort().join(' '));
    expect(pairs.sort()).toEqual([[wang.id, wang2.id].sort().join(' '), [anna.id, anne.id].sort().join(' ')].sort());
  });
});
