import { describe, expect, it } from 'vitest';
import { del, get, post } from '#test/fixtures/api-client';
import { expectProblem, newApiKey, newStaff, newTenant, signUpBody } from '#test/fixtures/tenants';

describe('DELETE /v1/tenant', () => {
  it('ends every session and key of the tenant and frees its slug', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const apiKey = await newApiKey(tenant, ['customers:read']);

    const answer = await del('/v1/tenant', tenant.token);

    expect(answer.status).toBe(204);
    expectProblem(await get('/v1/tenant', tenant.token), 401);
    expectProblem(await get('/v1/me', agent.token), 401);
    expectProblem(await get('/v1/me', apiKey.key), 401);
    expectProblem(await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: tenant.ownerPassword }), 401);
    expect((await post('/v1/tenants', signUpBody({ slug: tenant.slug }))).status).toBe(201);
  });
});
