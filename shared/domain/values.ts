import * as z from 'zod';

/** Value types shared by every schema: ids, emails, times, money, time zones. */

export const idPrefixes = {
  tenant: 'ten',
  user: 'usr',
  apiKey: 'key',
  customer: 'cus',
  transaction: 'txn',
  refund: 'rfd',
  interaction: 'int',
  feedback: 'fdb',
  followup: 'fup',
  payment: 'pay',
  campaign: 'cmp',
  segment: 'seg',
  webhook: 'whk',
  delivery: 'dlv',
  event: 'evt',
  import: 'imp',
  export: 'exp',
  coupon: 'cpn',
  points: 'pts',
  participation: 'prt',
  audit: 'aud',
  message: 'msg',
  notification: 'ntf',
} as const;
export type IdKind = keyof typeof idPrefixes;

const ulidBody = '[0-9A-HJKMNP-TV-Z]{26}';

/** A prefixed ULID such as `cus_01J…`; anything else is not an id of that kind. */
export const idSchemaFor = (kind: IdKind) =>
  z
    .string()
    .regex(new RegExp(`^${idPrefixes[kind]}_${ulidBody}$`), `Must be a ${kind} id (${idPrefixes[kind]}_…)`);

export const isId = (kind: IdKind, value: string): boolean => idSchemaFor(kind).safeParse(value).success;

/** Emails are trimmed and lower-cased before they are checked, stored or compared. */
export const EmailSchema = z.string().trim().toLowerCase().max(254).check(z.email('Must be a valid email address'));

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const IsoDateTimeSchema = z.iso.datetime({
  offset: true,
  message: 'Must be an ISO-8601 time with offset, e.g. 2026-03-15T09:00:00.000Z',
});

/** When a record happened: its id is a ULID of that time, and ULID time starts in 1970. */
export const RecordTimeSchema = IsoDateTimeSchema.refine((value) => !(Date.parse(value) < 0), 'Must be 1970 or later');

export const IsoDateSchema = z.iso.date('Must be a date as YYYY-MM-DD');

const isTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

export const TimeZoneSchema = z.string().refine(isTimeZone, 'Must be an IANA time zone such as Asia/Shanghai');

const currencies = new Set(Intl.supportedValuesOf('currency'));
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Must be an ISO 4217 code such as CNY')
  .refine((code) => currencies.has(code), 'Must be an ISO 4217 currency code');

export const CountrySchema = z.string().regex(/^[A-Z]{2}$/, 'Must be an ISO 3166-1 alpha-2 code such as CN');

const isLocale = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};
export const LocaleSchema = z.string().max(35).refine(isLocale, 'Must be a BCP 47 language tag such as zh-CN');

/**
 * A number the archive can keep: 0, or one whose size lies between 1e-130 (the smallest DynamoDB's
 * Number holds) and 2^53 − 1 (the largest the SDK writes without losing digits). JSON carries
 * smaller and larger ones (5e-324, 1e20, 1e308), on which a write would fail.
 */
export const isStorableNumber = (value: number): boolean => value === 0 || (Math.abs(value) >= 1e-130 && Math.abs(value) <= Number.MAX_SAFE_INTEGER);
export const storableNumberMessage = 'Must be 0 or a number between 1e-130 and 9007199254740991 in size';

/** Money is an integer amount in minor units plus its currency: 12800 CNY = 128.00 CNY. */
export const MoneySchema = z
  .strictObject({
    amount: z.number().int('Must be a whole number of minor units (e.g. fen, cents)').min(-1e13).max(1e13),
    currency: CurrencySchema,
  })
  .meta({
    id: 'Money',
    description: 'An integer amount in minor units and its ISO 4217 currency: 12800 CNY is ¥128.00.',
    examples: [{ amount: 12800, currency: 'CNY' }],
  });
export type Money = z.infer<typeof MoneySchema>;

/**
 * A sum of amounts (a customer's total spend, what they owe, their lifetime value): the same shape
 * as Money, but without one amount's limit, since many records each at the limit add up past it.
 */
export const MoneyTotalSchema = z
  .strictObject({
    amount: z.number().int(),
    currency: CurrencySchema,
  })
  .meta({
    id: 'MoneyTotal',
    description: 'A sum of amounts in minor units and its ISO 4217 currency; unlike one amount, not limited to ±10^13.',
    examples: [{ amount: 1_280_000, currency: 'CNY' }],
  });

export const PasswordSchema = z
  .string()
  .min(10, 'Must be at least 10 characters')
  .max(200, 'Must be at most 200 characters');

export const NameSchema = z.string().trim().min(1, 'Must not be empty').max(200);

/** A file sent as a request's body (an import), as bytes, with the media type it was sent as. */
export interface UploadedFile {
  contentType: string;
  bytes: Buffer;
}

// One wording for a missing field everywhere, instead of zod's "expected string, received undefined".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
});
