import { describe, expect, it } from 'vitest';
import { listAll } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { newTenant } from '#test/fixtures/tenants';

describe('GET /v1/customers/duplicates across pages', () => {
  it('finds a pair split by a page boundary, and lists it once', async () => {
    const tenant = await newTenant();
    const first = await newCustomer(tenant.token, { name: '张伟', address: { city: '上海' } });
    const second = await newCustomer(tenant.token, { name: '张伟', address: { city: '上海' } });
    const similar = await newCustomer(tenant.token, { name: '张伟民', address: { city: '上海' } });
    await newCustomer(tenant.token, { name: '张伟', address: { city: '北京' } });

    for (const limit of [1, 2, 50]) {
      const pairs = await listAll<{ customerIds: string[]; reason: string }>(`/v1/customers/duplicates?limit=${limit}`, tenant.token);

      const sameName = pairs.filter((pair) => pair.reason === 'same-name-same-city');
      expect(sameName.map((pair) => [...pair.customerIds].sort()), `limit ${limit}`).toEqual([[first.id, second.id].sort()]);
      const keys = pairs.map((pair) => [...pair.customerIds].sort().join());
      expect(new Set(keys).size, `limit ${limit}: no pair twice`).toBe(keys.length);
      expect(pairs.flatMap((pair) => pair.customerIds)).toContain(similar.id);
    }
  });
});
