import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { DossierError } from '#shared/domain/errors';
import type { DataKey, EncryptionContext, KeyProvider } from './key-provider.ts';

const WRAP_VERSION = 1;

/** Canonical bytes of an encryption context: the same context always yields the same AAD. */
export const contextBytes = (context: EncryptionContext): Buffer =>
  Buffer.from(JSON.stringify([context.tenantId, context.purpose]), 'utf8');

/**
 * A real key provider for the local runtime: each tenant has a 256-bit master key, kept in
 * `<dataDir>/keys/<tenantId>.key` with mode 0600 (or only in memory), and data keys are wrapped
 * with AES-256-GCM under it with the encryption context as additional authenticated data.
 */
export class LocalKeyProvider implements KeyProvider {
  readonly name = 'local' as const;
  private calls = 0;
  private unavailable = false;
  private readonly memory = new Map<string, Buffer>();

  constructor(private readonly options: { dataDir: string; inMemory: boolean }) {}

  callCount(): number {
    return this.calls;
  }

  /** Fails every call as a KMS outage would (`POST /_local/kms`), to watch what must survive one. */
  setUnavailable(unavailable: boolean): void {
    this.unavailable = unavailable;
  }

  private called(): void {
    this.calls += 1;
    if (this.unavailable) throw new DossierError('dependency-unavailable', { retryAfter: 2, detail: 'The local key provider is set to fail (POST /_local/kms)' });
  }

  private keyFile(keyRef: string): string {
    if (!/^local:ten_[0-9A-Z]{26}$/.test(keyRef)) throw new DossierError('internal', { detail: 'Malformed local key reference' });
    return path.join(this.options.dataDir, 'keys', `${keyRef.slice('local:'.length)}.key`);
  }

  private async masterKey(keyRef: string): Promise<Buffer> {
    const cached = this.memory.get(keyRef);
    if (cached) return cached;
    if (this.options.inMemory) throw new DossierError('internal', { detail: 'Unknown tenant key' });
    const key = await readFile(this.keyFile(keyRef)).catch((error: unknown) => {
      // A deleted (crypto-shredded) tenant key reads like an unknown one, as in memory mode.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new DossierError('internal', { detail: 'Unknown tenant key', cause: error });
    });
    this.memory.set(keyRef, key);
    return key;
  }

  async createTenantKey(tenantId: string): Promise<string> {
    this.called();
    const keyRef = `local:${tenantId}`;
    const key = randomBytes(32);
    if (!this.options.inMemory) {
      const file = this.keyFile(keyRef);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, key, { mode: 0o600, flag: 'wx' });
      await chmod(file, 0o600);
    }
    this.memory.set(keyRef, key);
    return keyRef;
  }

  async generateDataKey(keyRef: string, context: EncryptionContext): Promise<DataKey> {
    this.called();
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.masterKey(keyRef), iv);
    cipher.setAAD(contextBytes(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const wrapped = Buffer.concat([Buffer.from([WRAP_VERSION]), iv, cipher.getAuthTag(), body]);
    return { plaintext, wrapped };
  }

  async decryptDataKey(keyRef: string, wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    this.called();
    const bytes = Buffer.from(wrapped);
    if (bytes[0] !== WRAP_VERSION || bytes.length !== 1 + 12 + 16 + 32) {
      throw new DossierError('internal', { detail: 'Malformed wrapped data key' });
    }
    const decipher = createDecipheriv('aes-256-gcm', await this.masterKey(keyRef), bytes.subarray(1, 13));
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(bytes.subarray(13, 29));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]);
    } catch (error) {
      throw new DossierError('internal', { detail: 'Data key failed to unwrap', cause: error });
    }
  }

  /**
   * The local equivalent of KMS's scheduled deletion, without the pending window: the master key
   * is dropped and its file removed at once, so nothing of the tenant unwraps any more. Doing it
   * twice is harmless.
   */
  async scheduleTenantKeyDeletion(keyRef: string): Promise<void> {
    this.called();
    this.memory.delete(keyRef);
    if (!this.options.inMemory) await rm(this.keyFile(keyRef), { force: true });
  }
}
