import { describe, expect, it } from 'vitest';
import { call, del, get, patch, post } from '#test/fixtures/api-client';
import { expectProblem, newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('POST /v1/auth/login', () => {
  it('signs staff in with a one-hour token that names their role', async () => {
    const tenant = await newTenant();

    const answer = await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: tenant.ownerPassword });

    expect(answer.status).toBe(200);
    expect(answer.body.expiresIn).toBeLessThanOrEqual(3600);
    expect(answer.body.user).toMatchObject({ id: tenant.ownerId, email: tenant.ownerEmail, role: 'owner' });
    expect((await get('/v1/me', answer.body.token)).body).toMatchObject({ kind: 'user', userId: tenant.ownerId, role: 'owner' });
  });

  it('answers every wrong part with the same 401', async () => {
    const tenant = await newTenant();
    const disabled = await newStaff(tenant, 'agent');
    await patch(`/v1/users/${disabled.id}`, { disabled: true }, tenant.token);

    const attempts = await Promise.all([
      post('/v1/auth/login', { tenantSlug: 'no-such-tenant-slug', email: tenant.ownerEmail, password: tenant.ownerPassword }),
      post('/v1/auth/login', { tenantSlug: tenant.slug, email: 'nobody@example.com', password: tenant.ownerPassword }),
      post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: 'wrong-password-1' }),
      post('/v1/auth/login', { tenantSlug: tenant.slug, email: disabled.email, password: disabled.password }),
    ]);

    for (const attempt of attempts) expectProblem(attempt, 401, 'unauthenticated');
    const bodies = attempts.map(({ body: { instance: _instance, ...rest } }) => rest);
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
  });

  it('locks a slug and email after five failures, even for the right password, with Retry-After', async () => {
    const tenant = await newTenant();
    const wrong = { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: 'wrong-password-1' };
    for (let i = 0; i < 5; i += 1) expectProblem(await post('/v1/auth/login', wrong), 401);

    const locked = await post('/v1/auth/login', { ...wrong, password: tenant.ownerPassword });

    expectProblem(locked, 429, 'rate-limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
  });

  it('does not lock other staff of the same tenant', async () => {
    const tenant = await newTenant();
    const colleague = await newStaff(tenant, 'agent');
    for (let i = 0; i < 6; i += 1) await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: 'nope-nope-nope' });

    const answer = await post('/v1/auth/login', { tenantSlug: tenant.slug, email: colleague.email, password: colleague.password });

    expect(answer.status).toBe(200);
  });
});

describe('credentials', () => {
  it('refuses a request without credentials', async () => {
    expectProblem(await get('/v1/tenant'), 401, 'unauthenticated');
  });

  it('refuses a token whose payload was edited', async () => {
    const tenant = await newTenant();
    const [header, payload, signature] = tenant.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [header, b64({ ...claims, role: 'owner', sub: 'usr_01ARZ3NDEKTSV4RRFFQ69G5FAV' }), signature].join('.');

    expectProblem(await get('/v1/tenant', forged), 401);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const tenant = await newTenant();
    const claims = JSON.parse(Buffer.from(tenant.token.split('.')[1]!, 'base64url').toString());
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;

    expectProblem(await get('/v1/tenant', unsigned), 401);
  });

  it('refuses garbage in the Authorization header', async () => {
    expectProblem(await call('GET', '/v1/tenant', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }), 401);
    expectProblem(await get('/v1/tenant', 'dsk_not_a_real_key'), 401);
  });

  it('refuses an API key as soon as it is revoked', async () => {
    const tenant = await newTenant();
    const apiKey = await newApiKey(tenant, ['customers:read']);
    expect((await get('/v1/me', apiKey.key)).status).toBe(200);

    const revoked = await del(`/v1/api-keys/${apiKey.id}`, tenant.token);

    expect(revoked.status).toBe(204);
    expectProblem(await get('/v1/me', apiKey.key), 401);
  });

  it('refuses an API key whose secret part was changed', async () => {
    const tenant = await newTenant();
    const apiKey = await newApiKey(tenant, ['customers:read']);
    const last = apiKey.key.at(-1) === 'A' ? 'B' : 'A';

    expectProblem(await get('/v1/me', `${apiKey.key.slice(0, -1)}${last}`), 401);
  });

  it('refuses the token of a user who was disabled or deleted', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const viewer = await newStaff(tenant, 'viewer');

    await patch(`/v1/users/${agent.id}`, { disabled: true }, tenant.token);
    await del(`/v1/users/${viewer.id}`, tenant.token);

    expectProblem(await get('/v1/me', agent.token), 401);
    expectProblem(await get('/v1/me', viewer.token), 401);
  });

  it('never shows the API key secret again after creation', async () => {
    const tenant = await newTenant();
    const apiKey = await newApiKey(tenant, ['customers:read']);

    const listed = await get('/v1/api-keys', tenant.token);

    expect(listed.text).not.toContain(apiKey.key.slice(-43));
    expect(listed.body.items[0]).not.toHaveProperty('key');
  });
});
