import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from '#docs/openapi.d.ts';
import { contractFetch } from '#test/fixtures/answer-contract';
import { apiUrl } from '#test/fixtures/api-client';
import { signUpBody } from '#test/fixtures/tenants';

/**
 * An integrator's client, generated from the document (openapi-typescript → docs/openapi.d.ts,
 * openapi-fetch): if a change breaks generated clients, this suite stops compiling or passing.
 * Its answers are checked against the document too (contractFetch).
 */
const clientFor = (token?: string) =>
  createClient<paths>({ baseUrl: apiUrl(), fetch: contractFetch, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });

const signedUp = async () => {
  const { data, error } = await clientFor().POST('/v1/tenants', { body: signUpBody({ name: '莲花茶馆' }) });
  if (!data) throw new Error(JSON.stringify(error));
  return data;
};

const apiKeyWith = async (ownerToken: string, scopes: ('customers:read' | 'customers:write' | 'customers:reveal')[]) => {
  const { data } = await clientFor(ownerToken).POST('/v1/api-keys', { body: { name: '收银台 POS', scopes } });
  return data!.key;
};

describe('a client generated from /v1/openapi.json', () => {
  it('signs up, issues an API key and opens a customer file with it, typed end to end', async () => {
    const { token, tenant, owner } = await signedUp();
    const pos = clientFor(await apiKeyWith(token, ['customers:read', 'customers:write']));

    const created = await pos.POST('/v1/customers', {
      body: { name: '张伟', phone: '138 1234 5678', email: 'Zhang.Wei@Example.com', address: { city: '上海', line1: '漕溪北路 88 号' } },
      params: { header: { 'Idempotency-Key': 'pos-7-customer-1' } },
    });

    expect(owner.role).toBe('owner');
    expect(tenant.currency).toBe('CNY');
    expect(created.response.status).toBe(201);
    expect(created.data?.phone).toBe('+86 138****5678');
    expect(created.data?.address?.line1).toBe('***');
    expect(created.data?.stats.totalSpend).toEqual({ amount: 0, currency: 'CNY' });
  });

  it('replays an Idempotency-Key and records a purchase whose figures read back', async () => {
    const { token } = await signedUp();
    const pos = clientFor(await apiKeyWith(token, ['customers:read', 'customers:write']));
    const body = { name: '李娜', phone: '+86 139 0000 1111' };
    const first = await pos.POST('/v1/customers', { body, params: { header: { 'Idempotency-Key': 'k-1' } } });
    const again = await pos.POST('/v1/customers', { body, params: { header: { 'Idempotency-Key': 'k-1' } } });
    const customerId = first.data!.id;

    const purchase = await pos.POST('/v1/customers/{customerId}/transactions', {
      params: { path: { customerId } },
      body: { occurredAt: '2026-11-20T10:30:00+08:00', amount: { amount: 12800, currency: 'CNY' }, channel: 'store', paymentMethod: 'wechat' },
    });
    const read = await pos.GET('/v1/customers/{customerId}', { params: { path: { customerId } } });

    expect(again.data?.id).toBe(customerId);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(purchase.data?.kind).toBe('transactions');
    expect(read.data?.stats.orderCount).toBe(1);
    expect(read.data?.stage).toBe('new');
  });

  it('pages through a list with nextCursor', async () => {
    const { token } = await signedUp();
    const client = clientFor(token);
    for (const name of ['王芳', '刘洋', '陈静']) await client.POST('/v1/customers', { body: { name } });

    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const { data } = await client.GET('/v1/customers', { params: { query: { limit: 2, sort: 'name', ...(cursor ? { cursor } : {}) } } });
      names.push(...data!.items.map((customer) => customer.name));
      cursor = data!.nextCursor ?? undefined;
    } while (cursor);

    expect(names.sort()).toEqual(['刘洋', '王芳', '陈静'].sort());
  });

  it('changes a customer with If-Match and gets a typed 412 problem when the version is stale', async () => {
    const { token } = await signedUp();
    const client = clientFor(token);
    const { data: customer } = await client.POST('/v1/customers', { body: { name: '赵磊' } });
    const path = { customerId: customer!.id };

    const changed = await client.PATCH('/v1/customers/{customerId}', { params: { path, header: { 'If-Match': `"${customer!.version}"` } }, body: { tags: ['VIP 候选'] } });
    const stale = await client.PATCH('/v1/customers/{customerId}', { params: { path, header: { 'If-Match': `"${customer!.version}"` } }, body: { source: '门店' } });

    expect(changed.data?.tags).toEqual(['VIP 候选']);
    expect(changed.response.headers.get('etag')).toBe(`"${customer!.version + 1}"`);
    expect(stale.response.status).toBe(412);
    expect(stale.error?.type).toBe('https://dossier.dev/problems/precondition-failed');
  });

  it('lists every bad field of a 400 and refuses a key without the scope with a 403', async () => {
    const { token } = await signedUp();
    const reader = clientFor(await apiKeyWith(token, ['customers:read']));
    const client = clientFor(token);
    const { data: customer } = await client.POST('/v1/customers', { body: { name: '孙丽' } });

    const invalid = await client.POST('/v1/customers', { body: { name: '', phone: '12', email: 'not-an-email' } });
    const reveal = await reader.GET('/v1/customers/{customerId}', { params: { path: { customerId: customer!.id }, query: { reveal: 'true' } } });

    expect(invalid.error?.errors?.map((field) => field.path).sort()).toEqual(['email', 'name', 'phone']);
    expect(reveal.response.status).toBe(403);
    expect(reveal.error?.status).toBe(403);
  });
});
