import { DossierError } from '#shared/domain/errors';
import type { KeyProvider, KeyPurpose } from './key-provider.ts';
import { keyProvider } from './key-providers.ts';

/**
 * The tenant's plaintext data and index keys, unwrapped by the key provider on demand and kept in
 * memory for a bounded time and number of uses. Unwrapping calls KMS (a network round trip and a
 * per-request charge), so a warm function must not do it per request: the budget is at most one
 * provider call per 1,000 requests. The bounds follow the AWS Encryption SDK's caching materials
 * manager: an age limit makes a disabled or deleted tenant key take effect within minutes, and a
 * use limit caps how much work one plaintext key does before it is fetched afresh.
 *
 * The table is not read here: the data layer hands in a loader for the wrapped keyring, so only
 * `shared/data` talks to DynamoDB and only `shared/crypto` sees keys.
 */

/** What sign-up stored for the tenant: its master-key reference and the two wrapped keys. */
export interface WrappedKeyring {
  keyRef: string;
  wrappedDataKey: Uint8Array;
  wrappedIndexKey: Uint8Array;
}

export type KeyringLoader = () => Promise<WrappedKeyring | undefined>;

export interface KeyCacheOptions {
  /** How long an unwrapped key may be used, in milliseconds (default 15 minutes). */
  maxAgeMs?: number;
  /** How many times an unwrapped key may be handed out before it is unwrapped again (default 100,000). */
  maxUses?: number;
  /** How many (tenant, purpose) keys to hold; the oldest goes first (default 10,000). */
  maxEntries?: number;
  /** The key provider to unwrap with (default: this runtime's). */
  provider?: () => KeyProvider;
  /** Milliseconds since the epoch; tests pass a clock they move. */
  now?: () => number;
}

interface CachedKey {
  key: Uint8Array;
  unwrappedAt: number;
  uses: number;
}

const wrappedFor = (keyring: WrappedKeyring, purpose: KeyPurpose): Uint8Array =>
  purpose === 'data' ? keyring.wrappedDataKey : keyring.wrappedIndexKey;

const cacheKeyOf = (tenantId: string, purpose: KeyPurpose): string => `${tenantId}\u0000${purpose}`;

export class TenantKeyCache {
  private readonly maxAgeMs: number;
  private readonly maxUses: number;
  private readonly maxEntries: number;
  private readonly provider: () => KeyProvider;
  private readonly now: () => number;
  private readonly keys = new Map<string, CachedKey>();
  private readonly pending = new Map<string, Promise<CachedKey>>();

  constructor(options: KeyCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
    this.maxUses = options.maxUses ?? 100_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.provider = options.provider ?? keyProvider;
    this.now = options.now ?? Date.now;
  }

  /**
   * The tenant's plaintext key for `purpose`, from the cache while it is fresh, otherwise
   * unwrapped once (concurrent misses share that one unwrap). Each call counts as one use. The
   * bytes are shared with other callers: read them, never modify them.
   */
  async unwrap(tenantId: string, purpose: KeyPurpose, load: KeyringLoader): Promise<Uint8Array> {
    const cacheKey = cacheKeyOf(tenantId, purpose);
    const cached = this.keys.get(cacheKey);
    if (cached && this.isFresh(cached)) {
      cached.uses += 1;
      return cached.key;
    }
    if (cached) this.keys.delete(cacheKey);
    const entry = await this.pendingUnwrap(cacheKey, tenantId, purpose, load);
    entry.uses += 1;
    return entry.key;
  }

  /** Drops the tenant's cached keys (and any unwrap under way), e.g. when the tenant is deleted. */
  forget(tenantId: string): void {
    for (const purpose of ['data', 'index'] as const) {
      this.keys.delete(cacheKeyOf(tenantId, purpose));
      this.pending.delete(cacheKeyOf(tenantId, purpose));
    }
  }

  clear(): void {
    this.keys.clear();
    this.pending.clear();
  }

  private isFresh(entry: CachedKey): boolean {
    return this.now() - entry.unwrappedAt < this.maxAgeMs && entry.uses < this.maxUses;
  }

  private pendingUnwrap(cacheKey: string, tenantId: string, purpose: KeyPurpose, load: KeyringLoader): Promise<CachedKey> {
    const underWay = this.pending.get(cacheKey);
    if (underWay) return underWay;
    const unwrapping = this.unwrapFresh(tenantId, purpose, load).then(
      (entry) => {
        // A `forget` while this was under way wins: the key is handed to those who asked, not kept.
        if (this.pending.get(cacheKey) === unwrapping) this.keep(cacheKey, entry);
        return entry;
      },
      (error: unknown) => {
        if (this.pending.get(cacheKey) === unwrapping) this.pending.delete(cacheKey);
        throw error;
      },
    );
    this.pending.set(cacheKey, unwrapping);
    return unwrapping;
  }

  private async unwrapFresh(tenantId: string, purpose: KeyPurpose, load: KeyringLoader): Promise<CachedKey> {
    const keyring = await load();
    if (!keyring) throw new DossierError('internal', { detail: 'The tenant has no keyring' });
    const key = await this.provider().decryptDataKey(keyring.keyRef, wrappedFor(keyring, purpose), { tenantId, purpose });
    if (key.length !== 32) throw new DossierError('internal', { detail: 'The unwrapped tenant key has the wrong length' });
    return { key, unwrappedAt: this.now(), uses: 0 };
  }

  private keep(cacheKey: string, entry: CachedKey): void {
    this.pending.delete(cacheKey);
    if (this.keys.size >= this.maxEntries) {
      const oldest = this.keys.keys().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    this.keys.set(cacheKey, entry);
  }
}

let shared: TenantKeyCache | undefined;

const sharedCache = (): TenantKeyCache => (shared ??= new TenantKeyCache());

/** The tenant's data key (field encryption), from this process's key cache. */
export const unwrapDataKey = (tenantId: string, load: KeyringLoader): Promise<Uint8Array> =>
  sharedCache().unwrap(tenantId, 'data', load);

/** The tenant's index key (blind indexes), from this process's key cache. */
export const unwrapIndexKey = (tenantId: string, load: KeyringLoader): Promise<Uint8Array> =>
  sharedCache().unwrap(tenantId, 'index', load);

/**
 * Drops the tenant's keys from this process's cache. Other warm processes keep theirs until
 * their age limit; scheduling the tenant's master key for deletion is what stops new unwraps.
 */
export const forgetTenantKeys = (tenantId: string): void => sharedCache().forget(tenantId);

/** For tests and the local runtime: a fresh process-wide cache, optionally with other bounds. */
export const resetTenantKeyCache = (options?: KeyCacheOptions): void => {
  shared = options ? new TenantKeyCache(options) : undefined;
};
