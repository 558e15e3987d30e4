import { describe, expect, it } from 'vitest';
import { call, get, post } from '#test/fixtures/api-client';
import { expectProblem, newTenant, signUpBody } from '#test/fixtures/tenants';

describe('answers to bad requests', () => {
  it('answers malformed JSON with a 400 problem', async () => {
    const answer = await call('POST', '/v1/tenants', { rawBody: '{"name": "Acme",', headers: { 'content-type': 'application/json' } });

    expectProblem(answer, 400, 'malformed-json');
  });

  it('answers a body over 1 MiB with 413 and writes nothing', async () => {
    const body = signUpBody({ name: 'x'.repeat(1024 * 1024) });

    const answer = await post('/v1/tenants', body);

    expectProblem(answer, 413, 'payload-too-large');
    const login = await post('/v1/auth/login', { tenantSlug: body.slug, email: body.ownerEmail, password: body.ownerPassword });
    expect(login.status).toBe(401);
  });

  it('answers a body over the gateway limit with 413 before any function runs', async () => {
    const answer = await call('POST', '/v1/tenants', { rawBody: 'x'.repeat(11 * 1024 * 1024), headers: { 'content-type': 'application/json' } });

    expectProblem(answer, 413);
  });

  it('answers a query string past the gateway limit for its request line and headers with a 413 problem, on any route', async () => {
    const tenant = await newTenant();
    const long = encodeURIComponent('王小明'.repeat(1000));

    for (const [method, path] of [['GET', `/v1/customers?q=${long}`], ['POST', `/v1/imports?mapping=${long}`]] as const) {
      const answer = await call(method, path, { token: tenant.token });

      expectProblem(answer, 413, 'payload-too-large');
      expect(answer.body.detail).toMatch(/request line and headers/);
      expect(answer.headers.get('x-request-id')).toBe(answer.body.instance.replace('/requests/', ''));
    }
    expect((await get('/v1/customers?limit=1', tenant.token)).status).toBe(200);
  });

  it('answers a body that is not JSON with 415', async () => {
    const answer = await call('POST', '/v1/tenants', { rawBody: 'name=acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expectProblem(answer, 415, 'unsupported-media-type');
  });

  it('answers an unknown route with a 404 problem that names the request', async () => {
    for (const answer of [await get('/v1/no-such-thing'), await call('PUT', '/v1/health'), await call('POST', '/v1/customers/cus_01JD3K7A8B9C0D1E2F3G4H5J6K/timeline')]) {
      expectProblem(answer, 404, 'not-found');
      expect(answer.body.instance).toBe(`/requests/${answer.headers.get('x-request-id')}`);
    }
  });

  it('refuses query parameters named like members of every object (constructor, __proto__) as unknown', async () => {
    const tenant = await newTenant();

    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const answer = await get(`/v1/users?${name}=x&${name}=y`, tenant.token);

      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((e: { path: string }) => e.path), name).toEqual([name]);
    }
  });

  it('refuses unknown fields in write bodies, naming each one (no mass assignment)', async () => {
    const tenant = await newTenant();

    const answer = await call('PATCH', '/v1/tenant/settings', {
      token: tenant.token,
      body: { tenantId: 'ten_01ARZ3NDEKTSV4RRFFQ69G5FAV', version: 99, birthdayOffer: { sendHour: 8, plan: 'business' } },
    });

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['birthdayOffer.plan', 'tenantId', 'version']);
  });

  it('refuses an unknown query parameter and a limit out of range', async () => {
    const tenant = await newTenant();

    const answer = await get('/v1/users?limit=500&colour=red', tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'limit']);
  });

  it('refuses a forged cursor with 400', async () => {
    const tenant = await newTenant();

    const answer = await get('/v1/users?cursor=eyJQSyI6IlQjdGVuXzAxIn0.AAAA', tenant.token);

    expectProblem(answer, 400, 'invalid-cursor');
  });

  it('gives every answer a request id and security headers, and no stack trace in problems', async () => {
    const answers = [await get('/v1/health'), await get('/v1/tenant'), await call('POST', '/v1/tenants', { rawBody: '{', headers: { 'content-type': 'application/json' } })];

    for (const answer of answers) {
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('strict-transport-security')).toContain('max-age');
      expect(answer.text).not.toMatch(/at \S+ \(|node_modules|\.ts:\d+/);
    }
  });
});
