import { describe, expect, it } from 'vitest';
import { call, get, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { purchase } from '#test/fixtures/records';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

describe('valid-looking input never gets a 500', () => {
  it('filters the audit log by customer alone', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    await newCustomer(tenant.token);

    const answer = await get(`/v1/audit?customerId=${customer.id}`, tenant.token);

    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.items.length).toBeGreaterThan(0);
    expect(answer.body.items.every((entry: { customerId?: string }) => entry.customerId === customer.id)).toBe(true);
  });

  it('answers a record dated before 1970 with a field error, or keeps it, but never fails', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const old = await post(`/v1/customers/${customer.id}/transactions`, purchase(1000, '1969-12-31T23:00:00.000Z'), tenant.token);
    const ancient = await post(`/v1/customers/${customer.id}/interactions`, { occurredAt: '0001-01-01T00:00:00.000Z', channel: 'phone', direction: 'inbound', topic: 'x' }, tenant.token);

    for (const answer of [old, ancient]) {
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).toEqual(['occurredAt']);
    }
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.orderCount).toBe(0);
  });

  it('keeps a name whose compatibility form is far longer than it looks, and finds it by prefix', async () => {
    const tenant = await newTenant();
    // U+FDFA is one character whose NFKC form is 18; 100 of them are a valid 100-character name.
    const name = '\uFDFA'.repeat(100);

    const created = await post('/v1/customers', { name }, tenant.token);

    expect(created.status, created.text).toBe(201);
    expect((await get(`/v1/customers?q=${encodeURIComponent('\uFDFA')}`, tenant.token)).body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect((await get('/v1/customers?sort=name', tenant.token)).status).toBe(200);
  });

  it('answers numbers too large or too small to keep (1e20, 5e-324) with field errors', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const created = await post('/v1/customers', { name: '张伟', customFields: { big: 1e20 } }, tenant.token);
    const patched = await call('PATCH', `/v1/customers/${customer.id}`, { token: tenant.token, body: { customFields: { tiny: -5e-324 } } });
    const settings = await call('PATCH', '/v1/tenant/settings', { token: tenant.token, body: { loyalty: { pointsPerUnit: 5e-324 } } });

    for (const [answer, path] of [[created, 'customFields.big'], [patched, 'customFields.tiny'], [settings, 'loyalty.pointsPerUnit']] as const) {
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await post('/v1/customers', { name: '张伟', customFields: { large: Number.MAX_SAFE_INTEGER, small: 1e-130, zero: 0, half: 0.5 } }, tenant.token)).status).toBe(201);
  });

  it('answers a blank or malformed external id look-up with a field error', async () => {
    const tenant = await newTenant();

    for (const value of ['pos:%20', 'pos:', ':x', 'pos', '%20:x', `pos:${'x'.repeat(300)}`]) {
      const answer = await get(`/v1/customers?externalId=${value}`, tenant.token);
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((error: { path: string }) => error.path), value).toEqual(['externalId']);
    }
  });
});

describe('answers at the edges are the ones the contract describes (found by the fuzz suite)', () => {
  it('shows figures that add up past the limit of one amount', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const largest = { dueAt: '2027-01-01T00:00:00.000Z', amount: { amount: 1e13, currency: 'CNY' } };

    for (let i = 0; i < 2; i += 1) expect((await post(`/v1/customers/${customer.id}/payments`, largest, tenant.token)).status).toBe(201);
    const read = await get(`/v1/customers/${customer.id}`, tenant.token);
    const exported = await get(`/v1/customers/${customer.id}/export`, tenant.token);

    expect(read.body.stats.creditOutstanding).toEqual({ amount: 2e13, currency: 'CNY' });
    expect(exported.body.customer.stats.creditOutstanding).toEqual({ amount: 2e13, currency: 'CNY' });
  });

  it('answers a customer list filtered by a segment that does not exist with a 404 problem', async () => {
    const tenant = await newTenant();

    expectProblem(await get('/v1/customers?segmentId=seg_01JD3K7A8B9C0D1E2F3G4H5J6K', tenant.token), 404, 'not-found');
  });

  it('refuses an oversized body with a 413 on a route that takes none', async () => {
    const tenant = await newTenant();

    const answer = await call('POST', '/v1/notifications/ntf_01JD3K7A8B9C0D1E2F3G4H5J6K/read', {
      token: tenant.token,
      rawBody: JSON.stringify({ junk: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });

    expectProblem(answer, 413, 'payload-too-large');
  });
});

describe('totals that would pass what the table keeps exactly', () => {
  it('refuse the purchase that would take them there with a 409, and keep the customer writable', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    expect((await call('PATCH', '/v1/tenant/settings', { token: tenant.token, body: { loyalty: { pointsPerUnit: 1000 } } })).status).toBe(200);
    // Each earns 10^11 units × 1,000 = 10^14 points; the 91st would pass 2^53 − 1.
    const largest = purchase(1e13, '2026-01-01T00:00:00.000Z');

    const statuses: number[] = [];
    for (let i = 0; i < 91; i += 1) statuses.push((await post(`/v1/customers/${customer.id}/transactions`, largest, tenant.token)).status);

    expect(statuses.slice(0, 90)).toEqual(Array(90).fill(201));
    expectProblem(await post(`/v1/customers/${customer.id}/transactions`, largest, tenant.token), 409, 'conflict');
    expect(statuses[90]).toBe(409);
    expect((await get(`/v1/customers/${customer.id}`, tenant.token)).body.stats.pointsBalance).toBe(90e14);
    expect((await post(`/v1/customers/${customer.id}/transactions`, purchase(100), tenant.token)).status).toBe(201);
  }, 120_000);

  it('refuse the merge whose survivor would pass them with a 409, and leave both customers as they were', async () => {
    const tenant = await newTenant();
    const [survivor, merged] = [await newCustomer(tenant.token), await newCustomer(tenant.token)];
    expect((await call('PATCH', '/v1/tenant/settings', { token: tenant.token, body: { loyalty: { pointsPerUnit: 1000 } } })).status).toBe(200);
    // 46 purchases of 10^14 points each: 4.6 × 10^15 apiece, 9.2 × 10^15 together (past 2^53 − 1).
    const largest = purchase(1e13, '2026-01-01T00:00:00.000Z');
    for (const customer of [survivor, merged]) {
      for (let i = 0; i < 46; i += 1) expect((await post(`/v1/customers/${customer.id}/transactions`, largest, tenant.token)).status).toBe(201);
    }

    expectProblem(await post(`/v1/customers/${survivor.id}/merge`, { sourceCustomerId: merged.id }, tenant.token), 409, 'conflict');

    for (const customer of [survivor, merged]) {
      const file = await get(`/v1/customers/${customer.id}`, tenant.token);
      expect(file.status).toBe(200);
      expect(file.body.stats.pointsBalance).toBe(46e14);
    }
  }, 120_000);
});
