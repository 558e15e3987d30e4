import * as z from 'zod';
import { AddressSchema, CompanySchema, ConsentSchema, CreditSchema, genders, PreferencesSchema, stages, tiers } from './customer.ts';
import { RecordSchema } from './records/record-kinds.ts';
import { IsoDateSchema, IsoDateTimeSchema, MoneyTotalSchema, idSchemaFor } from './values.ts';

/**
 * A customer as the API answers it, in its two forms: masked (what everyone who may read
 * customers sees) and revealed (`?reveal=true` for a permitted caller, and the export). The two
 * differ only in how the sensitive fields look, so both are made by one function and share one
 * TypeScript type, `CustomerView`.
 */

export const CustomerStatsSchema = z
  .object({
    totalSpend: MoneyTotalSchema,
    orderCount: z.number().int().min(0),
    avgOrderValue: MoneyTotalSchema,
    firstPurchaseAt: IsoDateTimeSchema.optional(),
    lastPurchaseAt: IsoDateTimeSchema.optional(),
    lastInteractionAt: IsoDateTimeSchema.optional(),
    pointsBalance: z.number().int().min(0),
    creditOutstanding: MoneyTotalSchema,
    overduePayments: z.number().int().min(0),
    satisfaction: z.number().optional().describe('Average feedback rating, 1–5'),
    nps: z.number().optional().describe('Net promoter score of the customer’s survey answers, −100 to 100'),
  })
  .meta({ id: 'CustomerStats', description: 'Figures derived from the records; read-only, changed in the same write as the record that changes them.' });
export type CustomerStats = z.output<typeof CustomerStatsSchema>;

export const RfmSchema = z
  .object({ r: z.number().int(), f: z.number().int(), m: z.number().int(), segment: z.string() })
  .meta({ id: 'Rfm', description: 'Recency, frequency and monetary scores (1–5) from the nightly job, and the segment they place the customer in.' });
export type Rfm = z.output<typeof RfmSchema>;

/** How each sensitive field reads in one form of the customer. */
type SensitiveForms = Record<'phone' | 'email' | 'idNumber' | 'birthday' | 'addressPart', z.ZodType<string>>;

const masked: SensitiveForms = {
  phone: z.string().regex(/^(\+\d{1,3} [0-9*]+|\*{3})$/).meta({ description: 'Masked: the calling code, the first 3 and last 4 digits', examples: ['+86 138****5678'] }),
  email: z.string().regex(/^[^@]?\*{3}(@.+)?$/).meta({ description: 'Masked: the first character and the domain', examples: ['z***@example.com'] }),
  idNumber: z.string().regex(/^[0-9A-Z-]*\*+[0-9A-Z-]*$/).meta({ description: 'Masked: the first and last 4 characters at most', examples: ['1101**********1234'] }),
  birthday: z.string().regex(/^\*{4}-(\d{2}|\*{2})-(\d{2}|\*{2})$/).meta({ description: 'Masked: month and day only', examples: ['****-03-15'] }),
  addressPart: z.literal('***').meta({ description: 'Masked: nothing of it is shown' }),
};

const revealed: SensitiveForms = {
  phone: z.string().regex(/^\+[1-9]\d{1,14}$/).meta({ description: 'E.164', examples: ['+8613812345678'] }),
  email: z.email().meta({ examples: ['zhang.wei@example.com'] }),
  idNumber: z.string().regex(/^[0-9A-Z-]{4,32}$/).meta({ examples: ['110101199003151234'] }),
  birthday: IsoDateSchema,
  addressPart: z.string(),
};

const customerSchemaOf = (form: SensitiveForms) =>
  z.object({
    id: idSchemaFor('customer'),
    type: z.enum(['individual', 'business']),
    name: z.string(),
    gender: z.enum(genders).optional(),
    birthday: form.birthday.optional(),
    phone: form.phone.optional(),
    email: form.email.optional(),
    idNumber: form.idNumber.optional(),
    address: AddressSchema.omit({ line1: true, postalCode: true })
      .extend({ line1: form.addressPart.optional(), postalCode: form.addressPart.optional() })
      .optional(),
    company: CompanySchema.optional(),
    contacts: z
      .array(z.object({ name: z.string(), title: z.string().optional(), role: z.string().optional(), phone: form.phone.optional(), email: form.email.optional() }))
      .optional()
      .describe('Key people of a business customer'),
    tags: z.array(z.string()),
    source: z.string().optional(),
    ownerUserId: idSchemaFor('user').optional(),
    preferences: PreferencesSchema.optional(),
    consent: ConsentSchema,
    credit: CreditSchema.optional(),
    externalIds: z.record(z.string(), z.string()).optional().describe('Ids of the customer in the tenant’s other systems, by system'),
    customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    stats: CustomerStatsSchema,
    tier: z.enum(tiers),
    stage: z.enum(stages),
    rfm: RfmSchema.optional(),
    clv: MoneyTotalSchema.optional().describe('Customer lifetime value, estimated nightly'),
    version: z.number().int().min(1).describe('Send it back as If-Match: "<version>" to change the customer'),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
  });

const zhangWei = {
  id: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A',
  type: 'individual',
  name: '张伟',
  gender: 'male',
  birthday: '****-03-15',
  phone: '+86 138****5678',
  email: 'z***@example.com',
  address: { country: 'CN', province: '上海', city: '上海', district: '徐汇区', line1: '***' },
  tags: ['茶友会'],
  source: '门店',
  consent: { marketingSms: true, marketingEmail: false },
  stats: {
    totalSpend: { amount: 12800, currency: 'CNY' },
    orderCount: 1,
    avgOrderValue: { amount: 12800, currency: 'CNY' },
    firstPurchaseAt: '2026-11-20T02:30:00.000Z',
    lastPurchaseAt: '2026-11-20T02:30:00.000Z',
    pointsBalance: 128,
    creditOutstanding: { amount: 0, currency: 'CNY' },
    overduePayments: 0,
  },
  tier: 'potential',
  stage: 'new',
  version: 2,
  createdAt: '2026-11-19T08:00:00.000Z',
  updatedAt: '2026-11-20T02:30:00.000Z',
} as const;

export const CustomerSchema = customerSchemaOf(masked).meta({
  id: 'Customer',
  description: 'A customer file, sensitive fields masked (phone, email, idNumber, birthday, address.line1 and postalCode, contacts’ phone and email).',
  examples: [zhangWei],
});
export type CustomerView = z.output<typeof CustomerSchema>;

export const RevealedCustomerSchema = customerSchemaOf(revealed).meta({
  id: 'RevealedCustomer',
  description: 'A customer file with its sensitive fields in the clear: for callers with customers:reveal who ask `?reveal=true` (audited), and in the export.',
  examples: [{ ...zhangWei, birthday: '1990-03-15', phone: '+8613812345678', email: 'zhang.wei@example.com', address: { ...zhangWei.address, line1: '漕溪北路 88 号' } }],
});

/**
 * A customer as lists show it (`GET /v1/customers`): who it is and how to reach them, masked, and
 * where it stands — what a listing index copies, so a page of 50 reads a few KB, not 50 profiles.
 * The whole file, figures included, is `GET /v1/customers/{id}`.
 */
export const CustomerSummarySchema = z
  .object({
    id: idSchemaFor('customer'),
    type: z.enum(['individual', 'business']),
    name: z.string(),
    phone: masked.phone.optional(),
    email: masked.email.optional(),
    birthday: masked.birthday.optional(),
    city: z.string().optional(),
    company: z.string().optional().describe('The company’s name, for a business customer'),
    tags: z.array(z.string()),
    ownerUserId: idSchemaFor('user').optional(),
    consent: ConsentSchema,
    contactChannel: PreferencesSchema.shape.contactChannel,
    tier: z.enum(tiers),
    stage: z.enum(stages),
    createdAt: IsoDateTimeSchema,
  })
  .meta({
    id: 'CustomerSummary',
    description: 'A customer in a list: masked contacts, tags, owner, tier and stage. The whole file, with its figures, is GET /v1/customers/{id}.',
    examples: [
      {
        id: zhangWei.id,
        type: zhangWei.type,
        name: zhangWei.name,
        phone: zhangWei.phone,
        email: zhangWei.email,
        birthday: zhangWei.birthday,
        city: zhangWei.address.city,
        tags: zhangWei.tags,
        consent: zhangWei.consent,
        tier: zhangWei.tier,
        stage: zhangWei.stage,
        createdAt: zhangWei.createdAt,
      },
    ],
  });
export type CustomerSummary = z.output<typeof CustomerSummarySchema>;

/** The masked or the revealed form: a single customer read answers either, as the caller asked. */
export const CustomerReadSchema = z.union([CustomerSchema, RevealedCustomerSchema]);

/** Everything Dossier holds about one customer, decrypted (`GET /v1/customers/{id}/export`). */
export const CustomerExportSchema = z
  .object({
    exportedAt: IsoDateTimeSchema,
    customer: RevealedCustomerSchema,
    records: z.array(RecordSchema).describe('The customer’s records, oldest first: all of them, or this part’s when nextCursor is set'),
    nextCursor: z.string().nullable().describe('A customer with more records than one answer carries (about 4 MB) is exported in parts: send it back as `?cursor=` for the next; null on the last'),
  })
  .meta({ id: 'CustomerExport', description: 'All of a customer’s data, decrypted; each export is written to the audit log.' });
