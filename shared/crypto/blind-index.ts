import { createHmac } from 'node:crypto';
import { DossierError } from '#shared/domain/errors';
import { normalizeEmail } from '#shared/domain/values';

/**
 * Blind indexes: keyed hashes that let an encrypted field be found by equality (duplicate guards,
 * `?phone=` look-ups, today's birthdays) without a plaintext value in any key. HMAC-SHA256 under
 * the tenant's index key, over a label naming the kind and the normalized value. The label keeps
 * kinds apart (the same string as a phone and as an external id blinds differently), and the
 * per-tenant key keeps tenants apart (the same phone in two tenants blinds differently).
 *
 * Equality is all an index offers: no prefix, range or similarity search.
 */

export type BlindIndexKind = 'phone' | 'email' | 'birthday-md' | `externalId:${string}`;

// 128 bits of HMAC output: a blind index only has to tell a tenant's own values apart, and the
// chance that two of even a billion values collide is about 2^-69. Nobody without the key can
// compute an index at all, so a longer tag buys nothing, while every guard item and birthday
// key carries it (22 base64url characters instead of 43).
const INDEX_BYTES = 16;

const LABEL = 'dossier-blind-index/v1';
const externalKind = /^externalId:[a-z0-9][a-z0-9_-]{0,31}$/;
const e164 = /^\+[1-9][0-9]{1,14}$/;
const monthDay = /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

// Errors here mean a caller skipped the schema that normalizes the value; they never echo it.
const refuse = (kind: string): never => {
  throw new DossierError('internal', { detail: `Refused to blind a value that is not a normalized ${kind}` });
};

/**
 * The canonical form each kind is blinded in, so the look-up and the stored guard agree: phones
 * must already be E.164 (normalizing needs the tenant's region, which the schema knows), emails
 * are trimmed and lower-cased, external ids trimmed and NFC-normalized, birthdays `MM-DD`.
 */
const canonicalOf = (kind: BlindIndexKind, value: string): string => {
  if (kind === 'phone') return e164.test(value) ? value : refuse(kind);
  if (kind === 'email') return normalizeEmail(value);
  if (kind === 'birthday-md') return monthDay.test(value) ? value : refuse(kind);
  if (!externalKind.test(kind)) return refuse('external id system');
  const id = value.trim().normalize('NFC');
  return id.length > 0 ? id : refuse(kind);
};

/** The blind index (22 base64url characters) of a value of one kind, under a tenant index key. */
export const blindValue = (indexKey: Uint8Array, kind: BlindIndexKind, value: string): string => {
  if (indexKey.length !== 32) throw new DossierError('internal', { detail: 'An index key must be 256 bits' });
  return createHmac('sha256', indexKey)
    .update(`${LABEL}\u0000${kind}\u0000${canonicalOf(kind, value)}`, 'utf8')
    .digest()
    .subarray(0, INDEX_BYTES)
    .toString('base64url');
};

/**
 * The birthday index: `HMAC('birthday-md', 'MM-DD')`, from a `YYYY-MM-DD` birthday or a `MM-DD`
 * day. Only month and day are blinded, so the birthday job can ask for "everyone born on 03-15"
 * with one key. 29 February is indexed as `02-29`; in other years the job asks for it on 28
 * February as well.
 */
export const blindBirthday = (indexKey: Uint8Array, date: string): string => {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : date;
  return blindValue(indexKey, 'birthday-md', day);
};
