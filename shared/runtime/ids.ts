import { monotonicFactory } from 'ulid';
import { idPrefixes, type IdKind } from '#shared/domain/values';

const nextUlid = monotonicFactory();

/** A new prefixed ULID (`cus_01J…`); ids sort by creation time. */
export const newId = (kind: IdKind, at?: number): string => `${idPrefixes[kind]}_${nextUlid(at)}`;

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
