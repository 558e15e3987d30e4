import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeyCacheOptions, WrappedKeyring } from '#shared/crypto/tenant-keyring';
import { forgetTenantKeys, resetTenantKeyCache, TenantKeyCache, unwrapDataKey, unwrapIndexKey } from '#shared/crypto/tenant-keyring';
import { LocalKeyProvider } from '#shared/crypto/local-key-provider';
import { DossierError } from '#shared/domain/errors';
import { newId } from '#shared/runtime/ids';

const MINUTE = 60_000;

/** A tenant provisioned as sign-up does it, and a cache over a provider that counts its unwraps. */
const setUp = async (options: KeyCacheOptions = {}) => {
  const provider = new LocalKeyProvider({ dataDir: '/nonexistent', inMemory: true });
  const provision = async () => {
    const tenantId = newId('tenant');
    const keyRef = await provider.createTenantKey(tenantId);
    const data = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });
    const index = await provider.generateDataKey(keyRef, { tenantId, purpose: 'index' });
    const keyring: WrappedKeyring = { keyRef, wrappedDataKey: data.wrapped, wrappedIndexKey: index.wrapped };
    let loads = 0;
    const load = async () => {
      loads += 1;
      return keyring;
    };
    return { tenantId, keyring, load, loads: () => loads, dataKey: data.plaintext, indexKey: index.plaintext };
  };
  const tenant = await provision();
  const unwrapping = vi.spyOn(provider, 'decryptDataKey');
  const clock = { now: Date.UTC(2026, 2, 15, 9) };
  const cache = new TenantKeyCache({ provider: () => provider, now: () => clock.now, ...options });
  return { cache, clock, provider, provision, tenant, unwraps: () => unwrapping.mock.calls.length };
};

describe('TenantKeyCache', () => {
  it("hands out the tenant's data key and index key", async () => {
    const { cache, tenant } = await setUp();

    const dataKey = await cache.unwrap(tenant.tenantId, 'data', tenant.load);
    const indexKey = await cache.unwrap(tenant.tenantId, 'index', tenant.load);

    expect(Buffer.from(dataKey).equals(Buffer.from(tenant.dataKey))).toBe(true);
    expect(Buffer.from(indexKey).equals(Buffer.from(tenant.indexKey))).toBe(true);
  });

  it('calls the key provider once for a thousand uses', async () => {
    const { cache, tenant, unwraps } = await setUp();

    for (let use = 0; use < 1_000; use += 1) await cache.unwrap(tenant.tenantId, 'data', tenant.load);

    expect(unwraps()).toBe(1);
    expect(tenant.loads()).toBe(1);
  });

  it('unwraps again once the key is older than its age limit', async () => {
    const { cache, clock, tenant, unwraps } = await setUp({ maxAgeMs: 15 * MINUTE });
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);

    clock.now += 15 * MINUTE - 1;
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);
    const beforeLimit = unwraps();
    clock.now += 1;
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);

    expect(beforeLimit).toBe(1);
    expect(unwraps()).toBe(2);
  });

  it('unwraps again once the key has been used its number of times', async () => {
    const { cache, tenant, unwraps } = await setUp({ maxUses: 10 });

    for (let use = 0; use < 10; use += 1) await cache.unwrap(tenant.tenantId, 'data', tenant.load);
    const afterTen = unwraps();
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);

    expect(afterTen).toBe(1);
    expect(unwraps()).toBe(2);
  });

  it('unwraps once for fifty concurrent misses', async () => {
    const { cache, tenant, unwraps } = await setUp();

    const keys = await Promise.all(Array.from({ length: 50 }, () => cache.unwrap(tenant.tenantId, 'index', tenant.load)));

    expect(unwraps()).toBe(1);
    expect(new Set(keys).size).toBe(1);
  });

  it('keeps the data key and the index key apart', async () => {
    const { cache, tenant, unwraps } = await setUp();

    const [dataKey, indexKey] = await Promise.all([
      cache.unwrap(tenant.tenantId, 'data', tenant.load),
      cache.unwrap(tenant.tenantId, 'index', tenant.load),
    ]);

    expect(Buffer.from(dataKey).equals(Buffer.from(indexKey))).toBe(false);
    expect(unwraps()).toBe(2);
  });

  it("forgets a tenant's keys and no one else's", async () => {
    const { cache, provision, tenant, unwraps } = await setUp();
    const other = await provision();
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);
    await cache.unwrap(other.tenantId, 'data', other.load);

    cache.forget(tenant.tenantId);
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);
    await cache.unwrap(other.tenantId, 'data', other.load);

    expect(unwraps()).toBe(3);
  });

  it('does not keep a key whose unwrap was under way when the tenant was forgotten', async () => {
    const { cache, tenant, unwraps } = await setUp();

    const underWay = cache.unwrap(tenant.tenantId, 'data', tenant.load);
    cache.forget(tenant.tenantId);
    await underWay;
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);

    expect(unwraps()).toBe(2);
  });

  it('refuses a tenant without a keyring, and tries again next time', async () => {
    const { cache, tenant } = await setUp();

    const missing = cache.unwrap(tenant.tenantId, 'data', async () => undefined);

    await expect(missing).rejects.toMatchObject({ code: 'internal' });
    await expect(cache.unwrap(tenant.tenantId, 'data', tenant.load)).resolves.toHaveLength(32);
  });

  it("refuses to unwrap another tenant's keyring for this tenant", async () => {
    const { cache, provision, tenant } = await setUp();
    const other = await provision();

    const stolen = cache.unwrap(tenant.tenantId, 'data', other.load);

    await expect(stolen).rejects.toBeInstanceOf(DossierError);
  });

  it('refuses to unwrap the index key as the data key', async () => {
    const { cache, tenant } = await setUp();
    const swapped = async () => ({ ...tenant.keyring, wrappedDataKey: tenant.keyring.wrappedIndexKey });

    const unwrapping = cache.unwrap(tenant.tenantId, 'data', swapped);

    await expect(unwrapping).rejects.toBeInstanceOf(DossierError);
  });

  it('holds at most its number of keys, dropping the oldest', async () => {
    const { cache, provision, tenant, unwraps } = await setUp({ maxEntries: 2 });
    const second = await provision();
    const third = await provision();
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);
    await cache.unwrap(second.tenantId, 'data', second.load);

    await cache.unwrap(third.tenantId, 'data', third.load);
    await cache.unwrap(second.tenantId, 'data', second.load);
    await cache.unwrap(tenant.tenantId, 'data', tenant.load);

    expect(unwraps()).toBe(4);
  });
});

describe('the process-wide key cache', () => {
  afterEach(() => resetTenantKeyCache());

  it('serves unwrapDataKey and unwrapIndexKey from one cache that forgetTenantKeys empties', async () => {
    const { provider, tenant, unwraps } = await setUp();
    resetTenantKeyCache({ provider: () => provider });

    await unwrapDataKey(tenant.tenantId, tenant.load);
    await unwrapDataKey(tenant.tenantId, tenant.load);
    await unwrapIndexKey(tenant.tenantId, tenant.load);
    forgetTenantKeys(tenant.tenantId);
    await unwrapDataKey(tenant.tenantId, tenant.load);

    expect(unwraps()).toBe(3);
  });
});
