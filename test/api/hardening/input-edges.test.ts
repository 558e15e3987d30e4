import { describe, expect, it } from 'vitest';
import { get, post } from '#test/fixtures/api-client';
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

  it('answers a blank or malformed external id look-up with a field error', async () => {
    const tenant = await newTenant();

    for (const value of ['pos:%20', 'pos:', ':x', 'pos', '%20:x', `pos:${'x'.repeat(300)}`]) {
      const answer = await get(`/v1/customers?externalId=${value}`, tenant.token);
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((error: { path: string }) => error.path), value).toEqual(['externalId']);
    }
  });
});
