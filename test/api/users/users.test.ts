import { describe, expect, it } from 'vitest';
import { del, get, patch, post, type Answer } from '#test/fixtures/api-client';
import { expectProblem, newStaff, newTenant } from '#test/fixtures/tenants';

const userBody = (role: string) => ({ email: `${role}-${Math.random().toString(36).slice(2)}@example.com`, name: `A ${role}`, role, password: 'a-long-password' });

describe('staff users', () => {
  it('creates a user who can then sign in with their role', async () => {
    const tenant = await newTenant();

    const created = await post('/v1/users', userBody('manager'), tenant.token);

    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ role: 'manager', disabled: false });
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');
  });

  it('refuses a second user with the same email in one tenant, in any letter case', async () => {
    const tenant = await newTenant();
    const body = userBody('agent');
    await post('/v1/users', body, tenant.token);

    const again = await post('/v1/users', { ...body, email: body.email.toUpperCase() }, tenant.token);

    expectProblem(again, 409, 'email-taken');
  });

  it("doesn't let an admin grant the owner role, nor change or delete an owner", async () => {
    const tenant = await newTenant();
    const admin = await newStaff(tenant, 'admin');

    expectProblem(await post('/v1/users', userBody('owner'), admin.token), 403);
    expectProblem(await patch(`/v1/users/${tenant.ownerId}`, { role: 'viewer' }, admin.token), 403);
    expectProblem(await del(`/v1/users/${tenant.ownerId}`, admin.token), 403);
    expect((await post('/v1/users', userBody('admin'), admin.token)).status).toBe(201);
  });

  it('keeps at least one owner', async () => {
    const tenant = await newTenant();

    const demote = await patch(`/v1/users/${tenant.ownerId}`, { role: 'admin' }, tenant.token);

    expectProblem(demote, 409, 'conflict');
    expect((await get('/v1/me', tenant.token)).body.role).toBe('owner');
  });

  it('lets an owner hand over ownership and then step down', async () => {
    const tenant = await newTenant();
    const successor = await newStaff(tenant, 'admin');

    expect((await patch(`/v1/users/${successor.id}`, { role: 'owner' }, tenant.token)).status).toBe(200);
    expect((await patch(`/v1/users/${tenant.ownerId}`, { role: 'viewer' }, tenant.token)).status).toBe(200);

    expect((await get('/v1/me', successor.token)).body.role).toBe('owner');
    expect((await get('/v1/me', tenant.token)).body.role).toBe('viewer');
  });

  it('answers 412 to a PATCH with a stale If-Match', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    await patch(`/v1/users/${agent.id}`, { name: 'First change' }, tenant.token, { 'if-match': '"1"' });

    const stale = await patch(`/v1/users/${agent.id}`, { name: 'Second change' }, tenant.token, { 'if-match': '"1"' });

    expectProblem(stale, 412, 'precondition-failed');
  });

  it('refuses an empty or unknown-field PATCH with field errors', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');

    const empty = await patch(`/v1/users/${agent.id}`, {}, tenant.token);
    const unknown = await patch(`/v1/users/${agent.id}`, { role: 'admin', tenantId: 'ten_x', passwordHash: 'x' }, tenant.token);

    expectProblem(empty, 400, 'validation-failed');
    expectProblem(unknown, 400, 'validation-failed');
    expect(unknown.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['passwordHash', 'tenantId']);
  });

  it('pages through users with limit and cursor, visiting each once', async () => {
    const tenant = await newTenant();
    for (let i = 0; i < 4; i += 1) await post('/v1/users', userBody('viewer'), tenant.token);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await get(`/v1/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, tenant.token);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});
