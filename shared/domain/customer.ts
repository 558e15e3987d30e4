import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import * as z from 'zod';
import type { CustomerStats } from './customer-view.ts';
import type { TenantTerms } from './tenant.ts';
import { CountrySchema, EmailSchema, IsoDateSchema, IsoDateTimeSchema, MoneySchema, NameSchema, idSchemaFor, isStorableNumber, storableNumberMessage } from './values.ts';

/**
 * The customer file of API.md as zod schemas: the single source for validation, types and the
 * OpenAPI document. Phone numbers are normalized to E.164 against a default region (the tenant's
 * country), so the schemas are built per region; `CN` is the documented default.
 */

export const genders = ['male', 'female', 'other', 'unknown'] as const;
export const tiers = ['vip', 'regular', 'potential'] as const;
export const stages = ['prospect', 'new', 'repeat', 'loyal', 'at_risk', 'churned'] as const;
export type Tier = (typeof tiers)[number];
export type Stage = (typeof stages)[number];


export const phoneSchemaFor = (region: string) =>
  z
    .string()
    .trim()
    .min(3, 'Must be a phone number')
    .max(40)
    .transform((value, ctx) => {
      const parsed = parsePhoneNumberFromString(value, region as CountryCode);
      if (!parsed?.isValid()) {
        ctx.addIssue({ code: 'custom', message: `Must be a valid phone number (international, or national for ${region})` });
        return z.NEVER;
      }
      return parsed.number as string;
    });

const shortText = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max);
const IdNumberSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{4,32}$/, 'Must be 4–32 letters, digits or hyphens')
  .transform((value) => value.toUpperCase());
const ExternalSystemSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Must be 1–32 lower-case letters, digits, _ or -');
const CustomFieldKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'Must be 1–40 letters, digits or _');
const CustomFieldValueSchema = z.union([z.string().max(1000), z.number().finite().refine(isStorableNumber, storableNumberMessage), z.boolean()]);

export const AddressSchema = z.strictObject({
  country: CountrySchema.optional(),
  province: shortText(100).optional(),
  city: shortText(100).optional(),
  district: shortText(100).optional(),
  line1: shortText(300).optional(),
  postalCode: shortText(20).optional(),
});

export const CompanySchema = z.strictObject({
  name: shortText(200).optional(),
  title: shortText(100).optional(),
  industry: shortText(100).optional(),
});

export const PreferencesSchema = z.strictObject({
  products: z.array(shortText(100)).max(50).optional(),
  channels: z.array(shortText(50)).max(20).optional(),
  paymentMethods: z.array(shortText(50)).max(20).optional(),
  contactChannel: z.enum(['phone', 'sms', 'email', 'wechat', 'mail']).optional(),
  notes: z.string().max(2000).optional(),
});

export const ConsentSchema = z.strictObject({
  marketingSms: z.boolean(),
  marketingEmail: z.boolean(),
  updatedAt: IsoDateTimeSchema.optional(),
});

export const CreditSchema = z.strictObject({
  rating: z.enum(['A', 'B', 'C', 'D']).optional(),
  limit: MoneySchema.refine((money) => money.amount >= 0, 'Must not be negative').optional(),
});

const TagsSchema = z
  .array(shortText(40))
  .max(50)
  .refine((tags) => new Set(tags).size === tags.length, 'Tags must not repeat');

const contactSchemaFor = (terms: TenantTerms) =>
  z.strictObject({
    name: NameSchema,
    title: shortText(100).optional(),
    role: shortText(100).optional(),
    phone: phoneSchemaFor(terms.country).optional(),
    email: EmailSchema.optional(),
  });

/**
 * How many entries a customer's maps may hold, whether they arrive whole (create) or a few at a
 * time (patch): the limits bound the profile's size and every transaction that touches its guards.
 */
export const customerLimits = { externalIds: 10, customFields: 50 } as const;
const limitMessage = (field: keyof typeof customerLimits) =>
  `At most ${customerLimits[field]} ${field === 'externalIds' ? 'external ids' : 'custom fields'}`;

/** The entries over a limit once a patch is merged into what the customer already has. */
export const customerLimitErrors = (plain: { externalIds?: object | undefined; customFields?: object | undefined }) =>
  (Object.keys(customerLimits) as (keyof typeof customerLimits)[])
    .filter((field) => Object.keys(plain[field] ?? {}).length > customerLimits[field])
    .map((field) => ({ path: field, message: `${limitMessage(field)} (with the ones already on file)` }));

/** The body of `POST /v1/customers`, for a tenant whose phones default to its country. */
export const customerInputSchemaFor = (terms: TenantTerms) =>
  z.strictObject({
    type: z.enum(['individual', 'business']).default('individual'),
    name: NameSchema,
    gender: z.enum(genders).optional(),
    birthday: IsoDateSchema.optional(),
    phone: phoneSchemaFor(terms.country).optional(),
    email: EmailSchema.optional(),
    idNumber: IdNumberSchema.optional(),
    address: AddressSchema.optional(),
    company: CompanySchema.optional(),
    contacts: z.array(contactSchemaFor(terms)).max(20).optional(),
    tags: TagsSchema.default([]),
    source: shortText(100).optional(),
    ownerUserId: idSchemaFor('user').optional(),
    preferences: PreferencesSchema.optional(),
    consent: ConsentSchema.default({ marketingSms: false, marketingEmail: false }),
    credit: CreditSchema.optional(),
    externalIds: z
      .record(ExternalSystemSchema, shortText(128))
      .refine((ids) => Object.keys(ids).length <= customerLimits.externalIds, limitMessage('externalIds'))
      .optional(),
    customFields: z
      .record(CustomFieldKeySchema, CustomFieldValueSchema)
      .refine((fields) => Object.keys(fields).length <= customerLimits.customFields, limitMessage('customFields'))
      .optional(),
  }).meta({
      examples: [
        {
          name: '张伟',
          gender: 'male',
          birthday: '1990-03-15',
          phone: '138 1234 5678',
          email: 'Zhang.Wei@Example.com',
          address: { province: '上海', city: '上海', district: '徐汇区', line1: '漕溪北路 88 号' },
          tags: ['茶友会'],
          source: '门店',
          consent: { marketingSms: true, marketingEmail: false },
          externalIds: { pos: 'M-100234' },
        },
      ],
    });

export type CustomerInput = z.output<ReturnType<typeof customerInputSchemaFor>>;

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const patchOf = <T extends Record<string, z.ZodType>>(shape: T) =>
  z.strictObject(
    Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, nullable(schema)])) as {
      [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>>;
    },
  );

/**
 * The body of `PATCH /v1/customers/{id}`, JSON Merge Patch style (RFC 7396): a field that is
 * absent stays, `null` removes it, nested objects merge, arrays replace.
 */
export const customerPatchSchemaFor = (terms: TenantTerms) => {
  const full = customerInputSchemaFor(terms).shape;
  return z
    .strictObject({
      type: full.type.unwrap().optional(),
      name: NameSchema.optional(),
      gender: nullable(z.enum(genders)),
      birthday: nullable(IsoDateSchema),
      phone: nullable(phoneSchemaFor(terms.country)),
      email: nullable(EmailSchema),
      idNumber: nullable(IdNumberSchema),
      address: nullable(patchOf(AddressSchema.shape)),
      company: nullable(patchOf(CompanySchema.shape)),
      contacts: nullable(z.array(contactSchemaFor(terms)).max(20)),
      tags: TagsSchema.optional(),
      source: nullable(shortText(100)),
      ownerUserId: nullable(idSchemaFor('user')),
      preferences: nullable(patchOf(PreferencesSchema.shape)),
      consent: patchOf(ConsentSchema.shape).optional(),
      credit: nullable(patchOf(CreditSchema.shape)),
      externalIds: nullable(z.record(ExternalSystemSchema, shortText(128).nullable())),
      customFields: nullable(z.record(CustomFieldKeySchema, CustomFieldValueSchema.nullable())),
    })
    .refine((patch) => Object.keys(patch).length > 0, {
      message: 'Name at least one field to change',
      // Only when nothing else is wrong: a body of unknown fields is answered with those.
      when: (payload) => payload.issues.length === 0,
    });
};
export type CustomerPatch = z.output<ReturnType<typeof customerPatchSchemaFor>>;

export const emptyStats = (currency: string): CustomerStats => ({
  totalSpend: { amount: 0, currency },
  orderCount: 0,
  avgOrderValue: { amount: 0, currency },
  pointsBalance: 0,
  creditOutstanding: { amount: 0, currency },
  overduePayments: 0,
});

/** Everything of a customer that is stored in the clear (names, places, tags are searchable). */
export type CustomerPlainFields = Omit<CustomerInput, 'phone' | 'email' | 'idNumber' | 'birthday' | 'contacts' | 'address'> & {
  address?: { country?: string; province?: string; city?: string; district?: string };
  contacts?: { name: string; title?: string; role?: string }[];
};

/**
 * Exact look-ups (`phone=`, `email=`, `externalId=`) answer whether a value is on file, so they
 * are rationed per principal: otherwise a viewer who sees `+86 138****5678` could try the 10,000
 * numbers it might be. A person at a till needs a few a minute; an integration (an API key) more.
 */
export const exactLookupWindows: Record<'user' | 'apiKey', readonly { limit: number; windowMs: number }[]> = {
  user: [
    { limit: 60, windowMs: 60_000 },
    { limit: 1_000, windowMs: 24 * 3600_000 },
  ],
  apiKey: [
    { limit: 600, windowMs: 60_000 },
    { limit: 20_000, windowMs: 24 * 3600_000 },
  ],
};

/** `<system>:<id>` of an `externalId=` look-up, the id trimmed as stored ids are; undefined if malformed. */
export const externalIdOf = (value: string): { system: string; id: string } | undefined => {
  const at = value.indexOf(':');
  const system = ExternalSystemSchema.safeParse(value.slice(0, Math.max(at, 0)));
  const id = shortText(128).safeParse(value.slice(at + 1));
  return at > 0 && system.success && id.success ? { system: system.data, id: id.data } : undefined;
};

export const ListCustomersQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100).optional(),
  tier: z.enum(tiers).optional(),
  stage: z.enum(stages).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  ownerUserId: idSchemaFor('user').optional(),
  segmentId: idSchemaFor('segment').optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  email: z.string().trim().min(3).max(254).optional(),
  externalId: z
    .string()
    .refine((value) => externalIdOf(value) !== undefined, 'Must be <system>:<id>: a system of 1–32 lower-case letters, digits, _ or -, and an id of 1–128 characters, not blank')
    .optional(),
  /** Customers whose birthday falls on this month-day (`MM-DD`), through the birthday blind index. */
  birthday: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'Must be a month-day as MM-DD')
    .optional(),
  sort: z.enum(['name', '-createdAt', '-lastPurchaseAt', '-totalSpend']).default('-createdAt'),
});
export type ListCustomersQuery = z.output<typeof ListCustomersQuerySchema>;

/**
 * `POST /v1/customers/reassign`: give customers a new owner (or none) in bulk — named ones (up
 * to 100), or up to 100 of one staff user's at a time (call again while `remaining`).
 */
export const ReassignOwnersSchema = z
  .strictObject({
    customerIds: z
      .array(idSchemaFor('customer'))
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'Customer ids must not repeat')
      .optional(),
    fromUserId: idSchemaFor('user').optional().describe('Every customer this staff user owns, 100 per call'),
    ownerUserId: idSchemaFor('user').nullable().describe('The new owner, or null for none'),
  })
  .refine((body) => (body.customerIds === undefined) !== (body.fromUserId === undefined), {
    message: 'Name either customerIds or fromUserId',
    path: ['customerIds'],
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ examples: [{ fromUserId: 'usr_01JD3K0000AAAABBBBCCCCDDDD', ownerUserId: 'usr_01JD3K0000EEEEFFFFGGGGHHHH' }] });
export type ReassignOwners = z.output<typeof ReassignOwnersSchema>;

export const ReassignmentSchema = z
  .object({
    reassigned: z.array(idSchemaFor('customer')).describe('Customers that now have the new owner'),
    notFound: z.array(idSchemaFor('customer')).describe('Named customers that do not exist (or are not visible to the caller)'),
    remaining: z.boolean().describe('With fromUserId: whether that user still owns customers (call again)'),
  })
  .meta({
    id: 'Reassignment',
    examples: [{ reassigned: ['cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A'], notFound: [], remaining: false }],
  });
