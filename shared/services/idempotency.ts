import { setTimeout as sleep } from 'node:timers/promises';
import { DossierError } from '#shared/domain/errors';
import { digestOf } from '#shared/crypto/digests';
import { openField, sealField } from '#shared/crypto/field-encryption';
import { serviceKey } from '#shared/crypto/service-secret';
import { unwrapDataKey } from '#shared/crypto/tenant-keyring';
import { claimIdempotencyKey, completeIdempotencyKey, readIdempotencyKey, releaseIdempotencyKey } from '#shared/data/idempotency-repository';
import { getTenantKeyring } from '#shared/data/tenant-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { logger } from '#shared/runtime/logger';

/**
 * `Idempotency-Key` for POSTs: the first answer is kept for 24 hours and replayed for the same key
 * and body; the same key with another body is a 422; a duplicate that arrives while the first is
 * still running waits for it, then gets its answer (or a 409 if it takes too long). Answers are
 * stored sealed under the tenant's data key: they can hold a customer's name, and erasing the
 * customer must leave no readable trace. A request that fails releases the key so a retry runs.
 * The HTTP stack's idempotency middleware calls the three steps below around the handler.
 */
export interface StoredAnswer {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  body: string;
}

type IdempotencyScope = TenantScope | 'global';

/** A key this request holds until it finishes (or abandons) it. */
export interface IdempotencyClaim {
  scope: IdempotencyScope;
  keyDigest: string;
}

export type IdempotencyStart = { kind: 'run'; claim: IdempotencyClaim } | { kind: 'replay'; answer: StoredAnswer };

const RETENTION_MS = 24 * 3600 * 1000;
const LOCK_MS = 30_000;
const WAIT_MS = 5_000;
/** An item holds at most 400 KB; an answer larger than this is not kept (replays get a 409). */
const MAX_KEPT_ANSWER_BYTES = 350_000;

const placeOf = (claim: IdempotencyClaim) => ({
  tenantId: claim.scope === 'global' ? 'global' : claim.scope.tenantId,
  customerId: 'idempotency',
  path: claim.keyDigest,
});

/** Tenant answers are sealed under the tenant's data key; public ones (no tenant yet) under the service's. */
const sealingKey = (scope: IdempotencyScope): Promise<Uint8Array> =>
  scope === 'global' ? serviceKey('idempotency') : unwrapDataKey(scope.tenantId, () => getTenantKeyring(scope));

export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const replay = async (claim: IdempotencyClaim, fingerprint: string): Promise<StoredAnswer> => {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const stored = await readIdempotencyKey(claim.scope, claim.keyDigest);
    if (stored && stored.fingerprint !== fingerprint) {
      throw new DossierError('idempotency-key-reused', { detail: 'This Idempotency-Key was first used with a different request body' });
    }
    if (stored?.status === 'done' && stored.sealedResponse) {
      return JSON.parse(openField(await sealingKey(claim.scope), placeOf(claim), stored.sealedResponse)) as StoredAnswer;
    }
    // Done, but its answer could not be kept: it must not run again, and there is nothing to replay.
    if (stored?.status === 'done') {
      throw new DossierError('idempotency-answer-lost', { detail: 'The first request with this key completed; read the result rather than sending it again' });
    }
    if (Date.now() > deadline) {
      throw new DossierError('idempotency-in-progress', { retryAfter: 1, detail: 'The first request with this key is still running' });
    }
    await sleep(100);
  }
};

/**
 * Claims the key for this request (`run`), or answers with what the first request answered
 * (`replay`). A key belongs to its caller: the same key from another user or API key of the tenant
 * is another key, so nobody receives an answer (an API key's secret, a customer) made for someone else.
 */
export const beginIdempotentRequest = async (
  scope: IdempotencyScope,
  request: { key: string; caller: string; route: string; path: string; body: string; now: Date },
): Promise<IdempotencyStart> => {
  if (!KEY_PATTERN.test(request.key)) {
    throw new DossierError('validation-failed', { errors: [{ path: 'Idempotency-Key', message: 'Must be 1–255 visible ASCII characters' }] });
  }
  // Keyed digests: a sign-up or sign-in body holds a password, and a plain hash of it kept for
  // 24 hours could be guessed offline; under the service's digest key it can't.
  const claim: IdempotencyClaim = { scope, keyDigest: await digestOf('idempotency-key', request.caller, request.route, request.key) };
  const fingerprint = await digestOf('idempotency-request', request.route, request.path, request.body);
  const nowMs = request.now.getTime();
  const claimed = await claimIdempotencyKey(scope, claim.keyDigest, { fingerprint, expiresAt: nowMs + RETENTION_MS, lockedUntil: nowMs + LOCK_MS }, nowMs);
  return claimed ? { kind: 'run', claim } : { kind: 'replay', answer: await replay(claim, fingerprint) };
};

/**
 * Keeps the answer the first request gave, sealed, for the replays. If it can't be kept (too large
 * for an item, or the write fails), the key is still marked done without it: a replay is then a
 * 409, never a second run of a write that completed.
 */
export const finishIdempotentRequest = async (claim: IdempotencyClaim, answer: StoredAnswer): Promise<void> => {
  const sealed = sealField(await sealingKey(claim.scope), placeOf(claim), JSON.stringify(answer));
  try {
    if (Buffer.byteLength(sealed) > MAX_KEPT_ANSWER_BYTES) throw new Error('The answer is too large to keep');
    await completeIdempotencyKey(claim.scope, claim.keyDigest, sealed);
  } catch (error) {
    logger.warn('An idempotent answer could not be kept; replays will be refused', { error: (error as Error).message });
    await completeIdempotencyKey(claim.scope, claim.keyDigest, undefined);
  }
};

/** The request failed: the key is free again, so the client's retry runs. */
export const abandonIdempotentRequest = async (claim: IdempotencyClaim): Promise<void> =>
  releaseIdempotencyKey(claim.scope, claim.keyDigest).catch(() => undefined);
