import { setTimeout as sleep } from 'node:timers/promises';
import { DossierError } from '#shared/domain/errors';
import { digestOf } from '#shared/crypto/digests';
import { openField, sealField } from '#shared/crypto/field-encryption';
import { serviceKey } from '#shared/crypto/service-secret';
import { unwrapDataKey } from '#shared/crypto/tenant-keyring';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  readIdempotencyKey,
  releaseIdempotencyKey,
} from '#shared/data/idempotency-repository';
import { getTenantKeyring } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * `Idempotency-Key` for POSTs: the first answer is kept for 24 hours and replayed for the same key
 * and body; the same key with another body is a 422; a duplicate that arrives while the first is
 * still running waits for it, then gets its answer (or a 409 if it takes too long). Answers are
 * stored sealed under the tenant's data key: they can hold a customer's name, and erasing the
 * customer must leave no readable trace. A request that fails releases the key so a retry runs.
 */
export interface StoredAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const RETENTION_MS = 24 * 3600 * 1000;
const LOCK_MS = 30_000;
const WAIT_MS = 5_000;

type IdempotencyScope = TenantScope | 'global';

const placeOf = (scope: IdempotencyScope, keyDigest: string) => ({
  tenantId: scope === 'global' ? 'global' : scope.tenantId,
  customerId: 'idempotency',
  path: keyDigest,
});

/** Tenant answers are sealed under the tenant's data key; public ones (no tenant yet) under the service's. */
const sealingKey = (scope: IdempotencyScope): Promise<Uint8Array> =>
  scope === 'global' ? serviceKey('idempotency') : unwrapDataKey(scope.tenantId, () => getTenantKeyring(scope));

export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export const withIdempotency = async (
  scope: IdempotencyScope,
  key: string,
  request: { route: string; path: string; body: string },
  now: Date,
  run: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed?: boolean }> => {
  if (!KEY_PATTERN.test(key)) {
    throw new DossierError('validation-failed', { errors: [{ path: 'Idempotency-Key', message: 'Must be 1–255 visible ASCII characters' }] });
  }
  // Keyed digests: a sign-up or sign-in body holds a password, and a plain hash of it kept for
  // 24 hours could be guessed offline; under the service's digest key it can't.
  const keyDigest = await digestOf('idempotency-key', request.route, key);
  const fingerprint = await digestOf('idempotency-request', request.route, request.path, request.body);
  const nowMs = now.getTime();
  const claimed = await claimIdempotencyKey(scope, keyDigest, { fingerprint, expiresAt: nowMs + RETENTION_MS, lockedUntil: nowMs + LOCK_MS }, nowMs);
  if (!claimed) return replay(scope, keyDigest, fingerprint);

  let answer: StoredAnswer;
  try {
    answer = await run();
  } catch (error) {
    await releaseIdempotencyKey(scope, keyDigest).catch(() => undefined);
    throw error;
  }
  await completeIdempotencyKey(scope, keyDigest, sealField(await sealingKey(scope), placeOf(scope, keyDigest), JSON.stringify(answer)));
  return answer;
};

const replay = async (scope: IdempotencyScope, keyDigest: string, fingerprint: string): Promise<StoredAnswer & { replayed: true }> => {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const stored = await readIdempotencyKey(scope, keyDigest);
    if (stored && stored.fingerprint !== fingerprint) {
      throw new DossierError('idempotency-key-reused', { detail: 'This Idempotency-Key was first used with a different request body' });
    }
    if (stored?.status === 'done' && stored.sealedResponse) {
      return { ...(JSON.parse(openField(await sealingKey(scope), placeOf(scope, keyDigest), stored.sealedResponse)) as StoredAnswer), replayed: true };
    }
    if (Date.now() > deadline) {
      throw new DossierError('idempotency-in-progress', { retryAfter: 1, detail: 'The first request with this key is still running' });
    }
    await sleep(100);
  }
};
