import * as z from 'zod';
import { genders, stages, tiers } from './customer.ts';
import type { CustomerCard, CustomerFile } from './customer-file.ts';
import type { CustomerStats } from './customer-view.ts';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

/**
 * Segments: saved filters over a tenant's customers ("VIPs in Hangzhou who bought this year").
 * A filter is a conjunction of conditions; every named condition must hold. Money is in minor
 * units of the tenant's currency, as everywhere.
 */

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema).min(1).max(50)]).transform((value): z.output<T>[] => (Array.isArray(value) ? value : [value]));

const place = z.string().trim().min(1).max(100);
const minorUnits = z.number().int('Must be a whole number of minor units').min(0);
const count = z.number().int('Must be a whole number').min(0);

const ordered = (low: string, high: string, message: string) => ({
  path: [high],
  message,
  // Asked even when the filter is missing or not an object (its own issue is reported then).
  when: (payload: z.core.ParsePayload) => {
    const value: unknown = payload.value;
    if (typeof value !== 'object' || value === null) return false;
    const fields = value as Record<string, unknown>;
    return fields[low] !== undefined && fields[high] !== undefined;
  },
});

export const SegmentFilterSchema = z
  .strictObject({
    tier: oneOrMany(z.enum(tiers)).optional(),
    stage: oneOrMany(z.enum(stages)).optional(),
    gender: oneOrMany(z.enum(genders)).optional(),
    /** Every tag listed (a customer may have more). */
    tags: z.array(z.string().trim().min(1).max(40)).min(1).max(20).optional(),
    province: oneOrMany(place).optional(),
    city: oneOrMany(place).optional(),
    source: oneOrMany(place).optional(),
    minTotalSpend: minorUnits.optional(),
    maxTotalSpend: minorUnits.optional(),
    minOrderCount: count.optional(),
    maxOrderCount: count.optional(),
    lastPurchaseAfter: IsoDateTimeSchema.optional(),
    lastPurchaseBefore: IsoDateTimeSchema.optional(),
    /** Born in this month (1–12), through the birthday blind index; the birthday itself stays sealed. */
    birthdayMonth: z.number().int().min(1).max(12).optional(),
    consent: z.strictObject({ marketingSms: z.boolean().optional(), marketingEmail: z.boolean().optional() }).optional(),
    ownerUserId: idSchemaFor('user').optional(),
    createdAfter: IsoDateTimeSchema.optional(),
    createdBefore: IsoDateTimeSchema.optional(),
  })
  .refine((f) => f.minTotalSpend === undefined || f.maxTotalSpend === undefined || f.minTotalSpend <= f.maxTotalSpend, ordered('minTotalSpend', 'maxTotalSpend', 'Must not be below minTotalSpend'))
  .refine((f) => f.minOrderCount === undefined || f.maxOrderCount === undefined || f.minOrderCount <= f.maxOrderCount, ordered('minOrderCount', 'maxOrderCount', 'Must not be below minOrderCount'))
  .refine(
    (f) => !f.lastPurchaseAfter || !f.lastPurchaseBefore || Date.parse(f.lastPurchaseAfter) <= Date.parse(f.lastPurchaseBefore),
    ordered('lastPurchaseAfter', 'lastPurchaseBefore', 'Must not be before lastPurchaseAfter'),
  )
  .refine(
    (f) => !f.createdAfter || !f.createdBefore || Date.parse(f.createdAfter) <= Date.parse(f.createdBefore),
    ordered('createdAfter', 'createdBefore', 'Must not be before createdAfter'),
  );
export type SegmentFilter = z.output<typeof SegmentFilterSchema>;

export const SegmentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  filter: SegmentFilterSchema,
});
export type SegmentInput = z.output<typeof SegmentInputSchema>;

export const SegmentPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    filter: SegmentFilterSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Name at least one field to change', when: (payload) => payload.issues.length === 0 });
export type SegmentPatch = z.output<typeof SegmentPatchSchema>;

/** How many customers a segment held when it was last counted (a count is a walk, so it is kept). */
export const SegmentSizeSchema = z
  .object({
    count: z.number().int().min(0).nullable().describe('Members at the last count; null until the first count is stored'),
    countedAt: IsoDateTimeSchema.nullable().describe('When the count was made: how fresh it is'),
    status: z.enum(['counting', 'counted']).describe('`counting` from a change (or a request) until the count of this filter is stored'),
  })
  .meta({ id: 'SegmentSize' });
export type SegmentSize = z.output<typeof SegmentSizeSchema>;

/** A filter as a segment shows it: single values read as lists of one. */
export const SegmentFilterViewSchema = z
  .object({
    tier: z.array(z.enum(tiers)).optional(),
    stage: z.array(z.enum(stages)).optional(),
    gender: z.array(z.enum(genders)).optional(),
    tags: z.array(z.string()).optional().describe('Every tag listed (a customer may have more)'),
    province: z.array(z.string()).optional(),
    city: z.array(z.string()).optional(),
    source: z.array(z.string()).optional(),
    minTotalSpend: minorUnits.optional(),
    maxTotalSpend: minorUnits.optional(),
    minOrderCount: count.optional(),
    maxOrderCount: count.optional(),
    lastPurchaseAfter: IsoDateTimeSchema.optional(),
    lastPurchaseBefore: IsoDateTimeSchema.optional(),
    birthdayMonth: z.number().int().min(1).max(12).optional(),
    consent: z.object({ marketingSms: z.boolean().optional(), marketingEmail: z.boolean().optional() }).optional(),
    ownerUserId: z.string().optional(),
    createdAfter: IsoDateTimeSchema.optional(),
    createdBefore: IsoDateTimeSchema.optional(),
  })
  .meta({ id: 'SegmentFilter', description: 'Every condition named must hold; money in minor units of the tenant’s currency' });

export const SegmentSchema = z
  .object({
    id: idSchemaFor('segment'),
    name: z.string(),
    description: z.string().optional(),
    filter: SegmentFilterViewSchema,
    size: SegmentSizeSchema,
    version: z.number().int().min(1),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
    createdBy: z.string().describe('The user or API key that saved it'),
  })
  .meta({
    id: 'Segment',
    examples: [
      {
        id: 'seg_01JD3K0000AAAABBBBCCCCDDDD',
        name: '杭州茶友',
        filter: { city: ['杭州'], tags: ['茶友'], minTotalSpend: 100000 },
        size: { count: 128, countedAt: '2026-09-01T08:00:05.000Z', status: 'counted' },
        version: 1,
        createdAt: '2026-09-01T08:00:00.000Z',
        updatedAt: '2026-09-01T08:00:00.000Z',
        createdBy: 'usr_01JD3K0000AAAABBBBCCCCDDDD',
      },
    ],
  });
export type SegmentView = z.output<typeof SegmentSchema>;

export interface Segment extends Omit<SegmentView, 'filter'> {
  filter: SegmentFilter;
  /** The version at which the filter last changed: a count is kept only for the filter it counted. */
  filterVersion: number;
}

/**
 * Does the customer meet every condition of the filter? The birthday month is not checked here:
 * it is answered by the birthday index the plan reads (`planOf`), never by opening a birthday.
 */
export const matchesSegment = (file: CustomerFile, filter: SegmentFilter): boolean => {
  const { plain, stats } = file;
  const spend = stats.totalSpend.amount;
  const last = stats.lastPurchaseAt ? Date.parse(stats.lastPurchaseAt) : undefined;
  const created = Date.parse(file.createdAt);
  const within = (values: readonly string[] | undefined, value: string | undefined) => !values || (value !== undefined && values.includes(value));
  return (
    within(filter.tier, file.tier) &&
    within(filter.stage, file.stage) &&
    within(filter.gender, plain.gender) &&
    within(filter.province, plain.address?.province) &&
    within(filter.city, plain.address?.city) &&
    within(filter.source, plain.source) &&
    (!filter.tags || filter.tags.every((tag) => plain.tags.includes(tag))) &&
    (filter.minTotalSpend === undefined || spend >= filter.minTotalSpend) &&
    (filter.maxTotalSpend === undefined || spend <= filter.maxTotalSpend) &&
    (filter.minOrderCount === undefined || stats.orderCount >= filter.minOrderCount) &&
    (filter.maxOrderCount === undefined || stats.orderCount <= filter.maxOrderCount) &&
    (!filter.lastPurchaseAfter || (last !== undefined && last >= Date.parse(filter.lastPurchaseAfter))) &&
    (!filter.lastPurchaseBefore || (last !== undefined && last < Date.parse(filter.lastPurchaseBefore))) &&
    (!filter.createdAfter || created >= Date.parse(filter.createdAfter)) &&
    (!filter.createdBefore || created < Date.parse(filter.createdBefore)) &&
    (filter.consent?.marketingSms === undefined || plain.consent.marketingSms === filter.consent.marketingSms) &&
    (filter.consent?.marketingEmail === undefined || plain.consent.marketingEmail === filter.consent.marketingEmail) &&
    (filter.ownerUserId === undefined || plain.ownerUserId === filter.ownerUserId)
  );
};

/** The figures a listing may copy beside the card (the last-purchase listing does). */
export type ListedFigures = Pick<CustomerStats, 'totalSpend' | 'orderCount' | 'lastPurchaseAt'>;

const statsConditions = ['minTotalSpend', 'maxTotalSpend', 'minOrderCount', 'maxOrderCount', 'lastPurchaseAfter', 'lastPurchaseBefore'] as const;
const profileOnlyConditions = ['gender', 'province', 'source'] as const;

/**
 * The conditions a listing's card answers (tier, stage, tags, city, consent, owner, creation), and,
 * when the listing copies them, the figures (spend, orders, last purchase): false when one of them
 * fails. Conditions neither answers are left to `matchesSegment` on the profile.
 */
export const matchesCard = (card: CustomerCard, figures: ListedFigures | undefined, filter: SegmentFilter): boolean => {
  const within = (values: readonly string[] | undefined, value: string | undefined) => !values || (value !== undefined && values.includes(value));
  const created = Date.parse(card.createdAt);
  const cardHolds =
    within(filter.tier, card.tier) &&
    within(filter.stage, card.stage) &&
    within(filter.city, card.city) &&
    (!filter.tags || filter.tags.every((tag) => card.tags.includes(tag))) &&
    (!filter.createdAfter || created >= Date.parse(filter.createdAfter)) &&
    (!filter.createdBefore || created < Date.parse(filter.createdBefore)) &&
    (filter.consent?.marketingSms === undefined || card.consent.marketingSms === filter.consent.marketingSms) &&
    (filter.consent?.marketingEmail === undefined || card.consent.marketingEmail === filter.consent.marketingEmail) &&
    (filter.ownerUserId === undefined || card.ownerUserId === filter.ownerUserId);
  if (!cardHolds || !figures) return cardHolds;
  const spend = figures.totalSpend.amount;
  const last = figures.lastPurchaseAt ? Date.parse(figures.lastPurchaseAt) : undefined;
  return (
    (filter.minTotalSpend === undefined || spend >= filter.minTotalSpend) &&
    (filter.maxTotalSpend === undefined || spend <= filter.maxTotalSpend) &&
    (filter.minOrderCount === undefined || figures.orderCount >= filter.minOrderCount) &&
    (filter.maxOrderCount === undefined || figures.orderCount <= filter.maxOrderCount) &&
    (!filter.lastPurchaseAfter || (last !== undefined && last >= Date.parse(filter.lastPurchaseAfter))) &&
    (!filter.lastPurchaseBefore || (last !== undefined && last < Date.parse(filter.lastPurchaseBefore)))
  );
};

/**
 * Whether the card (with the figures, where the listing copies them) answers the whole filter, so
 * no profile need be read to know a member: no gender, province or source, and no figure the
 * listing lacks — a spend range read through the spend listing is its key range.
 */
export const cardDecides = (filter: SegmentFilter, access: SegmentAccess, hasFigures: boolean): boolean => {
  if (profileOnlyConditions.some((name) => filter[name] !== undefined)) return false;
  if (hasFigures) return true;
  const named = statsConditions.filter((name) => filter[name] !== undefined);
  return named.every((name) => access.index === 'spend' && (name === 'minTotalSpend' || name === 'maxTotalSpend'));
};

/**
 * Which index a segment is read through. Every access is a Query of one of the tenant's customer
 * listings (or, for a birthday month, of the birthday index, one month-day at a time); whatever
 * the access does not narrow is checked on each customer read (`matchesSegment`).
 */
export type SegmentAccess =
  | { index: 'birthday'; monthDays: string[] }
  | { index: 'lastPurchase'; from?: string | undefined; to?: string | undefined }
  | { index: 'created'; from?: string | undefined; to?: string | undefined }
  | { index: 'spend'; from?: number | undefined; to?: number | undefined }
  | { index: 'listing' };

/** Earlier than any purchase: the start of the last-purchase listing's customers who bought. */
const EVER = '0001-01-01T00:00:00.000Z';

const daysIn = (month: number): number => new Date(Date.UTC(2024, month, 0)).getUTCDate();

/** Every month-day of a month, 29 February included (a leap-day birthday is still in February). */
export const monthDaysOf = (month: number): string[] =>
  Array.from({ length: daysIn(month) }, (_unused, day) => `${String(month).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`);

/**
 * The plan: the most selective access the filter allows, in this order. A birthday month reads
 * about a twelfth of the customers who gave a birthday. A window closed on both sides (last
 * purchase, then creation) is a key range that usually holds a small share of the listing; a spend
 * range above zero comes after them because spend is skewed (most customers sit near zero, so
 * `min` alone narrows little); the spend listing holds only customers who bought, so a range that
 * takes in zero is read elsewhere. A one-sided window or a minimum spend still beats reading everyone. With none
 * of these, the whole listing is read (newest first) and every customer checked.
 */
export const planOf = (filter: SegmentFilter): SegmentAccess => {
  if (filter.birthdayMonth !== undefined) return { index: 'birthday', monthDays: monthDaysOf(filter.birthdayMonth) };
  const lastPurchase = { index: 'lastPurchase', from: filter.lastPurchaseAfter, to: filter.lastPurchaseBefore } as const;
  const created = { index: 'created', from: filter.createdAfter, to: filter.createdBefore } as const;
  const spend = { index: 'spend', from: filter.minTotalSpend, to: filter.maxTotalSpend } as const;
  if (filter.lastPurchaseAfter && filter.lastPurchaseBefore) return lastPurchase;
  if (filter.createdAfter && filter.createdBefore) return created;
  // The spend listing holds only customers who have bought: it serves a range above zero alone.
  const boughtSpend = filter.minTotalSpend !== undefined && filter.minTotalSpend > 0;
  if (boughtSpend && filter.maxTotalSpend !== undefined) return spend;
  if (filter.lastPurchaseAfter || filter.lastPurchaseBefore) return lastPurchase;
  // Only customers who have bought have a last purchase: the rest of the listing is skipped.
  if (filter.minOrderCount !== undefined && filter.minOrderCount > 0) return { index: 'lastPurchase', from: EVER };
  if (boughtSpend) return spend;
  if (filter.createdAfter || filter.createdBefore) return created;
  return { index: 'listing' };
};

/** A segment as the API shows it. */
export const presentSegment = (segment: Segment): SegmentView => ({
  id: segment.id,
  name: segment.name,
  ...(segment.description !== undefined ? { description: segment.description } : {}),
  filter: segment.filter,
  size: segment.size,
  version: segment.version,
  createdAt: segment.createdAt,
  updatedAt: segment.updatedAt,
  createdBy: segment.createdBy,
});
