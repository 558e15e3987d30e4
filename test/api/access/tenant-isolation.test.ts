import { describe, expect, it } from 'vitest';
import { del, get, patch } from '#test/fixtures/api-client';
import { expectProblem, newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';

describe('tenant isolation', () => {
  it("answers 404 for another tenant's user, exactly as for an unknown one", async () => {
    const first = await newTenant();
    const second = await newTenant();
    const firstsAgent = await newStaff(first, 'agent');

    const foreign = await patch(`/v1/users/${firstsAgent.id}`, { name: 'Mallory' }, second.token);
    const unknown = await patch('/v1/users/usr_01ARZ3NDEKTSV4RRFFQ69G5FAV', { name: 'Mallory' }, second.token);

    expectProblem(foreign, 404, 'not-found');
    expectProblem(unknown, 404, 'not-found');
    expect(foreign.body.detail).toBe(unknown.body.detail);
    expectProblem(await del(`/v1/users/${firstsAgent.id}`, second.token), 404);
    expect((await get('/v1/me', firstsAgent.token)).status).toBe(200);
  });

  it("can't revoke another tenant's API key", async () => {
    const first = await newTenant();
    const second = await newTenant();
    const firstsKey = await newApiKey(first, ['customers:read']);

    expectProblem(await del(`/v1/api-keys/${firstsKey.id}`, second.token), 404);
    expect((await get('/v1/me', firstsKey.key)).status).toBe(200);
  });

  it("lists only the caller's own users, keys and audit entries", async () => {
    const first = await newTenant();
    const second = await newTenant();
    const firstsAgent = await newStaff(first, 'agent');
    await newApiKey(first, ['customers:read']);

    const users = await get('/v1/users', second.token);
    const keys = await get('/v1/api-keys', second.token);
    const audit = await get('/v1/audit', second.token);

    expect(users.body.items.map((u: { id: string }) => u.id)).toEqual([second.ownerId]);
    expect(keys.body.items).toEqual([]);
    expect(audit.text).not.toContain(firstsAgent.id);
    expect(audit.text).not.toContain(first.id);
  });

  it("refuses a cursor issued to another tenant", async () => {
    const first = await newTenant();
    const second = await newTenant();
    await newStaff(first, 'agent');
    const page = await get('/v1/users?limit=1', first.token);
    expect(page.body.nextCursor).toBeTruthy();

    const replayed = await get(`/v1/users?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`, second.token);

    expectProblem(replayed, 400, 'invalid-cursor');
  });
});
