import { describe, expect, it } from 'vitest';
import { get, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

const withCursor = (path: string, cursor: string) => `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;

describe('list cursors', () => {
  it('reveal nothing of the table: no attribute names, key strings or ids in them, however decoded', async () => {
    const tenant = await newTenant();
    for (let i = 0; i < 2; i += 1) await newCustomer(tenant.token);

    const cursors = [
      (await get('/v1/customers?limit=1', tenant.token)).body.nextCursor as string,
      (await get('/v1/customers?limit=1&sort=name', tenant.token)).body.nextCursor as string,
      (await get('/v1/audit?limit=1', tenant.token)).body.nextCursor as string,
    ];

    for (const cursor of cursors) {
      const decoded = cursor.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1')).join(' ');
      expect(decoded).not.toMatch(/PK|SK|GSI|T#|ten_|cus_|AUDIT|PROFILE/);
      expect(cursor).not.toContain(tenant.id);
    }
  });

  it('are bound to the query that issued them: another sort, filter or customer is a 400, the same query goes on', async () => {
    const tenant = await newTenant();
    const customers = [];
    for (let i = 0; i < 3; i += 1) customers.push(await newCustomer(tenant.token, { tags: ['tea-club'] }));
    for (const customer of customers.slice(0, 2)) {
      for (let i = 0; i < 3; i += 1) await post(`/v1/customers/${customer.id}/transactions`, purchase(1000 + i, daysAgo(i + 1)), tenant.token);
    }

    const byName = (await get('/v1/customers?limit=1&sort=name', tenant.token)).body.nextCursor as string;
    const tagged = (await get('/v1/customers?limit=1&tag=tea-club', tenant.token)).body.nextCursor as string;
    const timeline = (await get(`/v1/customers/${customers[0]!.id}/timeline?limit=1`, tenant.token)).body.nextCursor as string;
    const purchases = (await get(`/v1/customers/${customers[0]!.id}/transactions?limit=1`, tenant.token)).body.nextCursor as string;

    for (const [path, cursor] of [
      ['/v1/customers?limit=1&sort=-totalSpend', byName],
      ['/v1/customers?limit=1&sort=-lastPurchaseAt', byName],
      ['/v1/customers?limit=1&tag=walk-in', tagged],
      ['/v1/customers?limit=1', tagged],
      [`/v1/customers/${customers[1]!.id}/timeline?limit=1`, timeline],
      [`/v1/customers/${customers[1]!.id}/transactions?limit=1`, purchases],
      [`/v1/customers/${customers[0]!.id}/interactions?limit=1`, purchases],
    ] as const) {
      const answer = await get(withCursor(path, cursor), tenant.token);
      expectProblem(answer, 400, 'invalid-cursor');
      expect(answer.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    }
    // A different page size is the same query: the cursor goes on.
    expect((await get(withCursor('/v1/customers?limit=2&sort=name', byName), tenant.token)).status).toBe(200);
    expect((await get(withCursor('/v1/customers?tag=tea-club&limit=5', tagged), tenant.token)).status).toBe(200);
    expect((await get(withCursor(`/v1/customers/${customers[0]!.id}/timeline?limit=3`, timeline), tenant.token)).status).toBe(200);
  });

  it('answers 400, never 500, for cursors that are malformed, truncated or from nowhere', async () => {
    const tenant = await newTenant();
    await newCustomer(tenant.token);
    await newCustomer(tenant.token);
    const real = (await get('/v1/customers?limit=1', tenant.token)).body.nextCursor as string;

    for (const cursor of ['', 'x', '.', '..', 'a.b', real.slice(0, -3), `${real}.x`, `${real.split('.')[0]}.${'A'.repeat(43)}`, 'eyJQSyI6MX0.AAAA', '%00', '{"PK":"x"}']) {
      const answer = await get(`/v1/customers?limit=1&cursor=${encodeURIComponent(cursor)}`, tenant.token);
      expect([200, 400], cursor).toContain(answer.status);
      if (cursor !== '') expectProblem(answer, 400);
    }
  });
});
