import { randomBytes } from 'node:crypto';
import { monotonicFactory, ulid } from 'ulid';
import { idPrefixes, type IdKind } from '#shared/domain/values';

const nextUlid = monotonicFactory();

/**
 * A new prefixed ULID (`cus_01J…`). Ids sort by their time: now by default (monotonic within a
 * millisecond), or `at` for a record that happened earlier, so a backdated purchase sorts where
 * it happened. (The monotonic factory would lift a past time to the last one it issued.)
 */
export const newId = (kind: IdKind, at?: number): string =>
  `${idPrefixes[kind]}_${at === undefined || Math.abs(at - Date.now()) < 1000 ? nextUlid() : ulid(at)}`;

/** The smallest/largest ULID body for a millisecond, for key ranges over ULID-sorted items. */
export const ulidBoundary = (epochMs: number, edge: 'first' | 'last'): string => {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  let remaining = Math.max(0, Math.floor(epochMs));
  for (let i = 0; i < 10; i += 1) {
    time = alphabet[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return time + (edge === 'first' ? '0'.repeat(16) : 'Z'.repeat(16));
};

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short code people can read out and type (no 0/O, 1/I/L, U): coupon codes. ~49 bits for 10. */
export const newCode = (length = 10): string => {
  const bytes = randomBytes(length);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
};
