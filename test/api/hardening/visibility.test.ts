import { beforeAll, describe, expect, it } from 'vitest';
import { get, listAll, patch, post } from '#test/fixtures/api-client';
import { newCustomer, uniquePhone } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newStaff, newTenant, type StaffMember, type TestTenant } from '#test/fixtures/tenants';

const idsOf = (items: { id: string }[]) => items.map((item) => item.id).sort();

describe('visibility: own — agents see and change only their own customers', () => {
  let tenant: TestTenant;
  let alice: StaffMember;
  let bob: StaffMember;
  let manager: StaffMember;
  const customers = {} as Record<'alices' | 'bobs' | 'followedByAlice' | 'nobodys', { id: string; phone: string }>;

  beforeAll(async () => {
    tenant = await newTenant();
    [alice, bob, manager] = [await newStaff(tenant, 'agent'), await newStaff(tenant, 'agent'), await newStaff(tenant, 'manager')];
    const add = async (name: string, overrides: Record<string, unknown> = {}) => {
      const phone = uniquePhone();
      const created = await newCustomer(tenant.token, { name, phone, address: { city: '杭州' }, ...overrides });
      return { id: created.id, phone };
    };
    customers.alices = await add('王芳', { ownerUserId: alice.id });
    customers.bobs = await add('王芳', { ownerUserId: bob.id });
    customers.followedByAlice = await add('李娜');
    customers.nobodys = await add('赵磊');
    const followup = await post(`/v1/customers/${customers.followedByAlice.id}/followups`, { dueAt: daysAgo(-2), title: '回访', assigneeUserId: alice.id }, tenant.token);
    expect(followup.status, followup.text).toBe(201);
    await post(`/v1/customers/${customers.bobs.id}/feedback`, { type: 'complaint', content: '茶水偏凉' }, tenant.token);
    await post(`/v1/customers/${customers.bobs.id}/followups`, { dueAt: daysAgo(-1), title: 'Bob 的回访', assigneeUserId: bob.id }, tenant.token);

    const limited = await patch('/v1/tenant/settings', { visibility: 'own' }, tenant.token);
    expect(limited.status, limited.text).toBe(200);
    expect(limited.body.settings.visibility).toBe('own');
  });

  it('lists, finds and reads only the customers an agent owns or holds an open follow-up for', async () => {
    const listed = await listAll<{ id: string }>('/v1/customers?limit=2', alice.token);
    expect(idsOf(listed)).toEqual([customers.alices.id, customers.followedByAlice.id].sort());
    expect(idsOf(await listAll('/v1/customers?q=王', alice.token))).toEqual([customers.alices.id]);

    expect((await get(`/v1/customers/${customers.alices.id}`, alice.token)).status).toBe(200);
    expect((await get(`/v1/customers/${customers.followedByAlice.id}/timeline`, alice.token)).status).toBe(200);
    const byPhone = await get(`/v1/customers?phone=${customers.bobs.phone}`, alice.token);
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.items).toEqual([]);
  });

  it('answers 404 for anyone else’s customer on every path: read, change, records, timeline', async () => {
    const other = customers.bobs.id;
    const base = `/v1/customers/${other}`;

    for (const answer of [
      await get(base, alice.token),
      await patch(base, { tags: ['mine now'] }, alice.token),
      await post(`${base}/transactions`, purchase(1000), alice.token),
      await get(`${base}/transactions`, alice.token),
      await get(`${base}/timeline`, alice.token),
      await get(`/v1/customers/${customers.nobodys.id}`, alice.token),
    ]) {
      expectProblem(answer, 404);
    }
    // Nothing was written to it.
    expect((await get(`/v1/customers/${customers.alices.id}`, tenant.token)).body.stats.orderCount).toBe(0);
  });

  it('keeps other customers out of the work lists and the duplicates', async () => {
    const followups = await listAll<{ customerId: string }>('/v1/followups?status=open', alice.token);
    const feedback = await listAll<{ customerId: string }>('/v1/feedback?status=open', alice.token);
    const duplicates = await listAll<{ customerIds: string[] }>('/v1/customers/duplicates', alice.token);

    expect(new Set(followups.map((f) => f.customerId))).toEqual(new Set([customers.followedByAlice.id]));
    expect(feedback).toEqual([]);
    expect(duplicates.flatMap((pair) => pair.customerIds)).not.toContain(customers.bobs.id);
    // The manager sees them all.
    expect((await listAll<{ customerId: string }>('/v1/followups?status=open', manager.token)).map((f) => f.customerId)).toContain(customers.bobs.id);
    expect((await get(`/v1/customers/${customers.bobs.id}`, manager.token)).status).toBe(200);
  });

  it('gives an agent the customers they add, and takes away one whose follow-up they closed', async () => {
    const mine = await post('/v1/customers', { name: '新客户' }, alice.token);
    expect(mine.status, mine.text).toBe(201);
    expect(mine.body.ownerUserId).toBe(alice.id);
    expect((await get(`/v1/customers/${mine.body.id}`, alice.token)).status).toBe(200);

    const tracked = await newCustomer(tenant.token, { name: '临时客户' });
    const followup = await post(`/v1/customers/${tracked.id}/followups`, { dueAt: daysAgo(-1), title: '一次回访', assigneeUserId: alice.id }, tenant.token);
    expect((await get(`/v1/customers/${tracked.id}`, alice.token)).status).toBe(200);
    const done = await patch(`/v1/customers/${tracked.id}/followups/${followup.body.id}`, { status: 'done', outcome: '已回访' }, alice.token);
    expect(done.status, done.text).toBe(200);
    expectProblem(await get(`/v1/customers/${tracked.id}`, alice.token), 404);
  });

  it('moves a staff user’s customers to another in bulk, for managers only', async () => {
    const refused = await post('/v1/customers/reassign', { fromUserId: bob.id, ownerUserId: alice.id }, alice.token);
    expectProblem(refused, 403);

    const moved = await post('/v1/customers/reassign', { fromUserId: bob.id, ownerUserId: alice.id }, manager.token);

    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toEqual({ reassigned: [customers.bobs.id], notFound: [], remaining: false });
    expect((await get(`/v1/customers/${customers.bobs.id}`, alice.token)).body.ownerUserId).toBe(alice.id);
    // Bob still holds an open follow-up for it, so he still sees it — until he closes that.
    expect((await get(`/v1/customers/${customers.bobs.id}`, bob.token)).status).toBe(200);
    const named = await post('/v1/customers/reassign', { customerIds: [customers.bobs.id, 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A'], ownerUserId: bob.id }, manager.token);
    expect(named.body).toEqual({ reassigned: [customers.bobs.id], notFound: ['cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A'], remaining: false });
    const both = await post('/v1/customers/reassign', { customerIds: [customers.bobs.id], fromUserId: bob.id, ownerUserId: null }, manager.token);
    expectProblem(both, 400, 'validation-failed');
  });

  it('lets every agent see every customer again with visibility: all', async () => {
    const other = await newTenant();
    const agent = await newStaff(other, 'agent');
    const customer = await newCustomer(other.token);

    expect((await get(`/v1/customers/${customer.id}`, agent.token)).status).toBe(200);
    expect((await get('/v1/tenant', other.token)).body.settings.visibility).toBe('all');
  });
});
