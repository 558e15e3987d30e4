import { describe, expect, it } from 'vitest';
import { post } from '#test/fixtures/api-client';
import { newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';

describe('Idempotency-Key', () => {
  it("belongs to its caller: another user's or key's same key and body runs afresh and never sees the first answer", async () => {
    const tenant = await newTenant();
    const admin = await newStaff(tenant, 'admin');
    const key = await newApiKey(tenant, ['admin', 'customers:read']);
    const body = { name: 'POS', scopes: ['customers:read'] };
    const headers = { 'idempotency-key': 'create-pos-key-1' };

    const first = await post('/v1/api-keys', body, tenant.token, headers);
    const replay = await post('/v1/api-keys', body, tenant.token, headers);
    const byAdmin = await post('/v1/api-keys', body, admin.token, headers);
    const byKey = await post('/v1/api-keys', body, key.key, headers);

    expect(first.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.key).toBe(first.body.key);
    for (const other of [byAdmin, byKey]) {
      expect(other.status).toBe(201);
      expect(other.headers.get('idempotent-replayed')).toBeNull();
      expect(other.body.id).not.toBe(first.body.id);
      expect(other.text).not.toContain(first.body.key);
    }
  });
});
