import { beforeAll, describe, expect, it } from 'vitest';
import { call, get, listAll, patch, post } from '#test/fixtures/api-client';
import { newCustomer, uniquePhone } from '#test/fixtures/customers';
import { daysAgo } from '#test/fixtures/records';
import { csvOf, drain, importFile, rowsOfCsv } from '#test/fixtures/spreadsheets';
import { newStaff, newTenant, type StaffMember, type TestTenant } from '#test/fixtures/tenants';

const idsOf = (items: { id: string }[]) => items.map((item) => item.id).sort();

// With `visibility: own`, an agent reaches only the customers they own or hold an open follow-up
// for. The archive's lists and the work done from them (exports, invitations, an import's
// upserts) are held to the same: a segment is the tenant's, its members as the agent sees them.
describe('visibility: own — segments, exports, invitations and imports reach only an agent’s customers', () => {
  let tenant: TestTenant;
  let alice: StaffMember;
  let segmentId: string;
  const customers = {} as Record<'alices' | 'bobs' | 'followedByAlice', { id: string; phone: string }>;

  beforeAll(async () => {
    tenant = await newTenant();
    const bob = await newStaff(tenant, 'agent');
    alice = await newStaff(tenant, 'agent');
    const add = async (name: string, overrides: Record<string, unknown> = {}) => {
      const phone = uniquePhone();
      const created = await newCustomer(tenant.token, { name, phone, address: { city: '杭州' }, ...overrides });
      return { id: created.id, phone };
    };
    customers.alices = await add('王芳', { ownerUserId: alice.id });
    customers.bobs = await add('张伟', { ownerUserId: bob.id });
    customers.followedByAlice = await add('李娜');
    await post(`/v1/customers/${customers.followedByAlice.id}/followups`, { dueAt: daysAgo(-2), title: '回访', assigneeUserId: alice.id }, tenant.token);
    const segment = await post('/v1/segments', { name: '杭州客户', filter: { city: '杭州' } }, tenant.token);
    expect(segment.status, segment.text).toBe(201);
    segmentId = segment.body.id;
    const limited = await patch('/v1/tenant/settings', { visibility: 'own' }, tenant.token);
    expect(limited.status, limited.text).toBe(200);
  });

  it("lists a segment's members, and customers by segment, as the agent sees them", async () => {
    const mine = [customers.alices.id, customers.followedByAlice.id].sort();

    expect(idsOf(await listAll(`/v1/segments/${segmentId}/customers`, alice.token))).toEqual(mine);
    expect(idsOf(await listAll(`/v1/customers?segmentId=${segmentId}`, alice.token))).toEqual(mine);
    expect(await listAll(`/v1/segments/${segmentId}/customers`, tenant.token)).toHaveLength(3);
  });

  it('exports only the agent’s customers', async () => {
    const exported = await call('GET', `/v1/exports/customers?format=csv&segmentId=${segmentId}`, { token: alice.token });

    expect(exported.status).toBe(200);
    expect(rowsOfCsv(exported.text).slice(1).map((row) => row[0]).sort()).toEqual([customers.alices.id, customers.followedByAlice.id].sort());
  });

  it('invites only the agent’s customers to a campaign', async () => {
    const campaign = await post('/v1/campaigns', { name: '品茶会', kind: 'event', startsAt: new Date().toISOString() }, tenant.token);
    const asked = await post(`/v1/campaigns/${campaign.body.id}/invite`, { segmentId }, alice.token);
    expect(asked.status, asked.text).toBe(202);
    await drain();

    expect((await get(`/v1/campaigns/${campaign.body.id}`, tenant.token)).body.invitations).toMatchObject({ status: 'completed', invited: 2 });
    expect((await get(`/v1/customers/${customers.bobs.id}/participations`, tenant.token)).body.items).toEqual([]);
  });

  it("leaves another agent's customer alone in an upsert import, as a duplicate", async () => {
    const file = csvOf([
      ['姓名', '手机', '城市'],
      ['王芳（改）', customers.alices.phone, '杭州'],
      ['张伟（改）', customers.bobs.phone, '杭州'],
    ]);

    const done = await importFile(alice.token, { body: file, contentType: 'text/csv' }, 'mode=upsert');

    expect(done).toMatchObject({ status: 'completed', updated: 1, duplicates: 1, created: 0, failed: 0 });
    expect((await get(`/v1/customers/${customers.bobs.id}`, tenant.token)).body.name).toBe('张伟');
    expect((await get(`/v1/customers/${customers.alices.id}`, tenant.token)).body.name).toBe('王芳（改）');
  });
});
