import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalKeyProvider } from '#shared/crypto/local-key-provider';
import { DossierError } from '#shared/domain/errors';
import { newId } from '#shared/runtime/ids';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dossier-keys-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('LocalKeyProvider', () => {
  it('unwraps a data key under the context it was wrapped with', async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: false });
    const tenantId = newId('tenant');
    const keyRef = await provider.createTenantKey(tenantId);
    const dataKey = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });

    const unwrapped = await provider.decryptDataKey(keyRef, dataKey.wrapped, { tenantId, purpose: 'data' });

    expect(dataKey.plaintext).toHaveLength(32);
    expect(sameBytes(unwrapped, dataKey.plaintext)).toBe(true);
    expect(sameBytes(dataKey.wrapped, dataKey.plaintext)).toBe(false);
  });

  it('refuses to unwrap a data key for another tenant or as another purpose', async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: false });
    const tenantId = newId('tenant');
    const keyRef = await provider.createTenantKey(tenantId);
    const { wrapped } = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });

    const asOtherTenant = provider.decryptDataKey(keyRef, wrapped, { tenantId: newId('tenant'), purpose: 'data' });
    const asIndexKey = provider.decryptDataKey(keyRef, wrapped, { tenantId, purpose: 'index' });

    await expect(asOtherTenant).rejects.toMatchObject({ code: 'internal' });
    await expect(asIndexKey).rejects.toMatchObject({ code: 'internal' });
  });

  it("refuses to unwrap a data key under another tenant's master key", async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: false });
    const tenantId = newId('tenant');
    const keyRef = await provider.createTenantKey(tenantId);
    const otherKeyRef = await provider.createTenantKey(newId('tenant'));
    const { wrapped } = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });

    const unwrapping = provider.decryptDataKey(otherKeyRef, wrapped, { tenantId, purpose: 'data' });

    await expect(unwrapping).rejects.toBeInstanceOf(DossierError);
  });

  it('keeps the master key in the data directory, readable by its owner only', async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: false });
    const tenantId = newId('tenant');

    await provider.createTenantKey(tenantId);

    const file = await stat(path.join(dataDir, 'keys', `${tenantId}.key`));
    expect(file.mode & 0o777).toBe(0o600);
    expect(file.size).toBe(32);
    expect((await stat(path.join(dataDir, 'keys'))).mode & 0o077).toBe(0);
  });

  it('unwraps after a restart with the same data directory', async () => {
    const tenantId = newId('tenant');
    const before = new LocalKeyProvider({ dataDir, inMemory: false });
    const keyRef = await before.createTenantKey(tenantId);
    const dataKey = await before.generateDataKey(keyRef, { tenantId, purpose: 'index' });

    const after = new LocalKeyProvider({ dataDir, inMemory: false });
    const unwrapped = await after.decryptDataKey(keyRef, dataKey.wrapped, { tenantId, purpose: 'index' });

    expect(sameBytes(unwrapped, dataKey.plaintext)).toBe(true);
  });

  it('writes no file in memory mode', async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: true });
    const tenantId = newId('tenant');

    const keyRef = await provider.createTenantKey(tenantId);
    const dataKey = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });

    expect(await readdir(dataDir)).toEqual([]);
    expect(sameBytes(await provider.decryptDataKey(keyRef, dataKey.wrapped, { tenantId, purpose: 'data' }), dataKey.plaintext)).toBe(true);
  });

  it('makes every wrapped key unreadable once the tenant key is deleted', async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: false });
    const tenantId = newId('tenant');
    const keyRef = await provider.createTenantKey(tenantId);
    const { wrapped } = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });

    await provider.scheduleTenantKeyDeletion(keyRef);

    await expect(provider.decryptDataKey(keyRef, wrapped, { tenantId, purpose: 'data' })).rejects.toMatchObject({ code: 'internal' });
    expect(await readdir(path.join(dataDir, 'keys'))).toEqual([]);
  });

  it('refuses a key reference that could point outside the key directory', async () => {
    const provider = new LocalKeyProvider({ dataDir, inMemory: false });

    const unwrapping = provider.decryptDataKey('local:../../etc/passwd', new Uint8Array(61), { tenantId: 'x', purpose: 'data' });

    await expect(unwrapping).rejects.toMatchObject({ code: 'internal' });
  });
});
