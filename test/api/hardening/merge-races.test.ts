import { describe, expect, it } from 'vitest';
import { get, listAll, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { newTenant } from '#test/fixtures/tenants';

const purchasesOf = (token: string, customerId: string) => listAll<{ id: string; amount: { amount: number } }>(`/v1/customers/${customerId}/transactions?limit=200`, token);

describe('merge loses nothing', () => {
  it('keeps every purchase the source accepted while the merge ran: each is on the survivor, the rest were refused', async () => {
    const tenant = await newTenant();
    const target = await newCustomer(tenant.token);
    const source = await newCustomer(tenant.token);
    for (let i = 0; i < 40; i += 1) await post(`/v1/customers/${source.id}/interactions`, { occurredAt: daysAgo(i + 1), channel: 'phone', direction: 'inbound', topic: `call ${i}` }, tenant.token);

    let merging = true;
    const merge = post(`/v1/customers/${target.id}/merge`, { sourceCustomerId: source.id }, tenant.token).finally(() => (merging = false));
    const accepted: string[] = [];
    let refused = 0;
    for (let i = 0; merging || i < 3; i += 1) {
      const answer = await post(`/v1/customers/${source.id}/transactions`, purchase(100 + i, daysAgo(0)), tenant.token);
      if (answer.status === 201) accepted.push(answer.body.id);
      else {
        expect(answer.status, answer.text).toBe(404);
        refused += 1;
      }
    }
    const merged = await merge;

    expect(merged.status, merged.text).toBe(200);
    expect(refused).toBeGreaterThan(0);
    const onSurvivor = (await purchasesOf(tenant.token, target.id)).map((p) => p.id);
    expect(onSurvivor.sort()).toEqual([...accepted].sort());
    expect((await get(`/v1/customers/${target.id}`, tenant.token)).body.stats.orderCount).toBe(accepted.length);
    expect((await get(`/v1/customers/${source.id}`, tenant.token)).status).toBe(404);
  });

  it('lets one of two merges in opposite directions win; the other is refused and every record survives', async () => {
    const tenant = await newTenant();
    const a = await newCustomer(tenant.token);
    const b = await newCustomer(tenant.token);
    for (const [customer, amounts] of [[a, [1000, 2000]], [b, [3000, 4000, 5000]]] as const) {
      for (const amount of amounts) await post(`/v1/customers/${customer.id}/transactions`, purchase(amount, daysAgo(3)), tenant.token);
    }

    const [intoA, intoB] = await Promise.all([
      post(`/v1/customers/${a.id}/merge`, { sourceCustomerId: b.id }, tenant.token),
      post(`/v1/customers/${b.id}/merge`, { sourceCustomerId: a.id }, tenant.token),
    ]);

    const statuses = [intoA.status, intoB.status].sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    const survivor = intoA.status === 200 ? a : b;
    const gone = survivor === a ? b : a;
    const amounts = (await purchasesOf(tenant.token, survivor.id)).map((p) => p.amount.amount).sort((x, y) => x - y);
    expect(amounts).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect((await get(`/v1/customers/${survivor.id}`, tenant.token)).body.stats.totalSpend.amount).toBe(15000);
    expect((await get(`/v1/customers/${gone.id}`, tenant.token)).status).toBe(404);
  });
});
