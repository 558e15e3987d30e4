import { describe, expect, it } from 'vitest';
import { get, patch, post } from '#test/fixtures/api-client';
import { expectProblem, newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';

describe('GET /v1/audit', () => {
  it('records good and bad sign-ins, user, key and settings changes, newest first', async () => {
    const tenant = await newTenant();
    await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: 'wrong-password-9' });
    await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: tenant.ownerPassword });
    const agent = await newStaff(tenant, 'agent');
    const key = await newApiKey(tenant, ['customers:read']);
    await patch('/v1/tenant/settings', { birthdayOffer: { enabled: true } }, tenant.token);

    const answer = await get('/v1/audit', tenant.token);

    expect(answer.status).toBe(200);
    const actions = answer.body.items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['tenant.created', 'auth.login_failed', 'auth.login_succeeded', 'user.created', 'api_key.created', 'tenant.settings_updated']),
    );
    const times = answer.body.items.map((entry: { at: string }) => entry.at);
    expect([...times].sort().reverse()).toEqual(times);
    const failed = answer.body.items.find((entry: { action: string }) => entry.action === 'auth.login_failed');
    expect(failed).toMatchObject({ outcome: 'failure', actor: { type: 'anonymous' }, sourceIp: expect.any(String) });
    expect(answer.body.items.find((e: { action: string }) => e.action === 'user.created').target.id).toBe(agent.id);
    expect(answer.body.items.find((e: { action: string }) => e.action === 'api_key.created').target.id).toBe(key.id);
  });

  it('never records a password in the log', async () => {
    const tenant = await newTenant();
    await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: 'wrong-password-9' });

    const answer = await get('/v1/audit', tenant.token);

    expect(answer.text).not.toContain('wrong-password-9');
    expect(answer.text).not.toContain(tenant.ownerPassword);
  });

  it('filters by time range and action', async () => {
    const tenant = await newTenant();
    const before = new Date().toISOString();
    await newStaff(tenant, 'viewer');
    const after = new Date(Date.now() + 1000).toISOString();

    const range = await get(`/v1/audit?from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}&action=user.created`, tenant.token);
    const past = await get(`/v1/audit?to=${encodeURIComponent(before)}&action=user.created`, tenant.token);

    expect(range.body.items).toHaveLength(1);
    expect(past.body.items).toHaveLength(0);
  });

  it('refuses a range that ends before it starts, and an unknown action', async () => {
    const tenant = await newTenant();

    const answer = await get('/v1/audit?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z&action=coffee.made', tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['action', 'to']);
  });

  it('has no way to change or delete an entry', async () => {
    const tenant = await newTenant();

    const answers = await Promise.all([
      patch('/v1/audit', {}, tenant.token),
      post('/v1/audit', { action: 'tenant.created' }, tenant.token),
    ]);

    for (const answer of answers) expectProblem(answer, 404);
  });
});
