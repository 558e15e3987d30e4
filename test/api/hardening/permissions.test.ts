import { describe, expect, it } from 'vitest';
import { call, get, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { expectProblem, newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';

const staffBody = (role: string) => ({ email: `${role}-${Math.random().toString(36).slice(2)}@example.com`, name: `${role} person`, role, password: 'staff-password-123' });

describe('permissions cannot be widened', () => {
  it('keeps an admin-only API key from making a user more powerful than itself and signing in as them', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const adminOnly = await newApiKey(tenant, ['admin']);
    const readingAdmin = await newApiKey(tenant, ['admin', 'customers:read']);

    const asAdmin = await post('/v1/users', staffBody('admin'), adminOnly.key);
    const asManager = await post('/v1/users', staffBody('manager'), adminOnly.key);
    const viewer = await post('/v1/users', staffBody('viewer'), readingAdmin.key);
    const promoted = await patch(`/v1/users/${viewer.body.id}`, { role: 'manager' }, readingAdmin.key);

    expectProblem(asAdmin, 403, 'forbidden');
    expectProblem(asManager, 403, 'forbidden');
    expect(viewer.status, viewer.text).toBe(201);
    expectProblem(promoted, 403, 'forbidden');
    expect((await get('/v1/users', tenant.token)).body.items.map((user: { role: string }) => user.role).sort()).toEqual(['owner', 'viewer']);
    // Nobody the key made can reveal the customer.
    const login = await post('/v1/auth/login', { tenantSlug: tenant.slug, email: viewer.body.email, password: 'staff-password-123' });
    expectProblem(await get(`/v1/customers/${customer.id}?reveal=true`, login.body.token), 403, 'forbidden');
  });

  it('refuses to disable the last owner who can sign in, as it refuses deleting them', async () => {
    const tenant = await newTenant();
    const me = await get('/v1/me', tenant.token);

    const disableSelf = await patch(`/v1/users/${me.body.userId}`, { disabled: true }, tenant.token);
    expectProblem(disableSelf, 409, 'conflict');

    const second = await newStaff(tenant, 'owner');
    const disabledFirst = await patch(`/v1/users/${me.body.userId}`, { disabled: true }, second.token);
    const disableSecond = await patch(`/v1/users/${second.id}`, { disabled: true }, second.token);
    const demoteSecond = await patch(`/v1/users/${second.id}`, { role: 'admin' }, second.token);
    const deleteSecond = await call('DELETE', `/v1/users/${second.id}`, { token: second.token });

    expect(disabledFirst.status, disabledFirst.text).toBe(200);
    expectProblem(disableSecond, 409, 'conflict');
    expectProblem(demoteSecond, 409, 'conflict');
    expectProblem(deleteSecond, 409, 'conflict');
    // Enabled again, the first owner counts again: now the second may step down.
    expect((await patch(`/v1/users/${me.body.userId}`, { disabled: false }, second.token)).status).toBe(200);
    expect((await patch(`/v1/users/${second.id}`, { role: 'admin' }, second.token)).status).toBe(200);
  });
});
