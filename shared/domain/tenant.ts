import * as z from 'zod';
import {
  CountrySchema,
  IsoDateTimeSchema,
  idSchemaFor,
  CurrencySchema,
  EmailSchema,
  LocaleSchema,
  NameSchema,
  PasswordSchema,
  TimeZoneSchema,
  isStorableNumber,
  storableNumberMessage,
} from './values.ts';
import { UserSchema } from './user.ts';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export const SignUpSchema = z.strictObject({
  name: NameSchema,
  slug: z.string().regex(SLUG_PATTERN, 'Must be 3–40 lower-case letters, digits or inner hyphens'),
  ownerEmail: EmailSchema,
  ownerPassword: PasswordSchema,
  ownerName: NameSchema.optional(),
  timezone: TimeZoneSchema.default('Asia/Shanghai'),
  currency: CurrencySchema.default('CNY'),
  locale: LocaleSchema.default('zh-CN'),
  country: CountrySchema.default('CN'),
}).meta({ examples: [{ name: '莲花茶馆', slug: 'lotus-tea', ownerEmail: 'owner@lotus.example', ownerPassword: 'correct-horse-battery', ownerName: '王丽' }] });
export type SignUp = z.infer<typeof SignUpSchema>;

const delayRule = z.strictObject({
  enabled: z.boolean(),
  delayDays: z.number().int().min(0).max(365),
});

/** A message's wording, with placeholders ({name}, {couponCode}, {validUntil}, {tenantName}). */
const TemplateSchema = z.strictObject({
  subject: z.string().max(200).optional(),
  text: z.string().min(1).max(1000),
});

export const TenantSettingsSchema = z
  .strictObject({
    birthdayOffer: z.strictObject({
      enabled: z.boolean(),
      sendHour: z.number().int().min(0).max(23),
      kind: z.enum(['percent', 'amount', 'points']),
      value: z.number().int().positive(),
      validDays: z.number().int().min(1).max(365),
      /** The coupon's title. */
      message: z.string().max(500),
      /** Where 29 February birthdays are celebrated in other years. */
      leapDayOn: z.enum(['feb28', 'mar1']),
    }),
    followupRules: z.strictObject({
      afterFirstPurchase: delayRule,
      afterComplaintResolved: delayRule,
      whenAtRisk: delayRule,
      /** A follow-up still open this long after it was due is escalated to the managers. */
      escalateAfterHours: z.number().int().min(1).max(24 * 30),
    }),
    /** No SMS to customers between `start` and `end` o'clock in the tenant's zone: held until `end`. */
    notifications: z.strictObject({
      quietHours: z.strictObject({ start: z.number().int().min(0).max(23), end: z.number().int().min(0).max(23) }),
    }),
    /** The tenant's own wording of a message kind, over the default of its language. */
    templates: z.strictObject({
      birthdayGreeting: TemplateSchema.optional(),
    }),
    /** Tiers are judged on the last 12 months; amounts are minor units of the tenant currency. */
    tiers: z.strictObject({
      vipMinSpend12m: z.number().int().min(0),
      vipMinOrders12m: z.number().int().min(0),
      regularMinOrders12m: z.number().int().min(0),
    }),
    stages: z.strictObject({
      loyalMinOrders: z.number().int().min(2),
      atRiskAfterDays: z.number().int().min(1).max(3650),
      churnedAfterDays: z.number().int().min(1).max(3650),
    }),
    retention: z.strictObject({
      auditDays: z.number().int().min(30).max(3650),
    }),
    /** Points a completed purchase earns per whole unit of the tenant currency (0 turns earning off). */
    loyalty: z.strictObject({
      pointsPerUnit: z.number().min(0).max(1000).refine(isStorableNumber, storableNumberMessage),
    }),
    defaultCountry: CountrySchema,
    /**
     * Which customers agents see: `all`, or `own` — those they own (`ownerUserId`) or hold an open
     * follow-up for; any other is a 404 to them. Managers and above, and API keys, see all.
     */
    visibility: z.enum(['all', 'own']),
  })
  .meta({ id: 'TenantSettings', description: 'How Dossier works for this tenant: birthday offers, follow-up rules, tier and stage thresholds, retention, loyalty points.' })
  .superRefine((settings, ctx) => {
    if (settings.birthdayOffer.kind === 'percent' && settings.birthdayOffer.value > 100) {
      ctx.addIssue({ code: 'custom', path: ['birthdayOffer', 'value'], message: 'A percent offer must be 1–100' });
    }
    if (settings.stages.churnedAfterDays <= settings.stages.atRiskAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['stages', 'churnedAfterDays'],
        message: 'Must be greater than stages.atRiskAfterDays',
      });
    }
  });
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

/** The documented defaults a new tenant starts with (README "Tenant settings"). */
export const defaultTenantSettings = (country: string): TenantSettings => ({
  birthdayOffer: {
    enabled: false,
    sendHour: 9,
    kind: 'percent',
    value: 10,
    validDays: 30,
    message: 'Happy birthday! Here is a gift from us.',
    leapDayOn: 'feb28',
  },
  followupRules: {
    afterFirstPurchase: { enabled: true, delayDays: 3 },
    afterComplaintResolved: { enabled: true, delayDays: 7 },
    whenAtRisk: { enabled: true, delayDays: 0 },
    escalateAfterHours: 24,
  },
  notifications: { quietHours: { start: 21, end: 8 } },
  templates: {},
  tiers: { vipMinSpend12m: 1_000_000, vipMinOrders12m: 12, regularMinOrders12m: 2 },
  stages: { loyalMinOrders: 5, atRiskAfterDays: 90, churnedAfterDays: 180 },
  retention: { auditDays: 365 },
  loyalty: { pointsPerUnit: 1 },
  defaultCountry: country,
  visibility: 'all',
});

/** `PATCH /v1/tenant`: the business's name, time zone and language (currency and country stay). */
export const TenantProfilePatchSchema = z
  .strictObject({ name: NameSchema.optional(), timezone: TimeZoneSchema.optional(), locale: LocaleSchema.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Name at least one of name, timezone, locale', when: (payload) => payload.issues.length === 0 })
  .meta({ examples: [{ timezone: 'America/New_York' }] });
export type TenantProfilePatch = z.output<typeof TenantProfilePatchSchema>;

/** A PATCH names only what changes, section by section; the merged whole is validated again. */
export const TenantSettingsPatchSchema = z.strictObject({
  birthdayOffer: TenantSettingsSchema.shape.birthdayOffer.partial().optional(),
  followupRules: z
    .strictObject({
      afterFirstPurchase: delayRule.partial().optional(),
      afterComplaintResolved: delayRule.partial().optional(),
      whenAtRisk: delayRule.partial().optional(),
      escalateAfterHours: TenantSettingsSchema.shape.followupRules.shape.escalateAfterHours.optional(),
    })
    .optional(),
  notifications: z.strictObject({ quietHours: TenantSettingsSchema.shape.notifications.shape.quietHours.partial().optional() }).optional(),
  templates: z.strictObject({ birthdayGreeting: TemplateSchema.nullable().optional() }).optional(),
  tiers: TenantSettingsSchema.shape.tiers.partial().optional(),
  stages: TenantSettingsSchema.shape.stages.partial().optional(),
  retention: TenantSettingsSchema.shape.retention.partial().optional(),
  loyalty: TenantSettingsSchema.shape.loyalty.partial().optional(),
  defaultCountry: CountrySchema.optional(),
  visibility: TenantSettingsSchema.shape.visibility.optional(),
});
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatchSchema>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const deepMerge = (base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> => {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    // `null` in a PATCH removes what it names (a tenant's own template, back to the default).
    if (value === null) {
      delete merged[key];
      continue;
    }
    const current = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : value;
  }
  return merged;
};

/**
 * A tenant's stored settings over the defaults, section by section: settings added after a tenant
 * signed up read as their documented defaults.
 */
export const withDefaultSettings = (stored: Record<string, unknown> | undefined, country: string): TenantSettings =>
  deepMerge(defaultTenantSettings(country), stored ?? {}) as TenantSettings;

/** Applies a settings PATCH; the result must still satisfy every cross-field rule. */
export const mergeTenantSettings = (
  settings: TenantSettings,
  patch: TenantSettingsPatch,
): z.ZodSafeParseResult<TenantSettings> => TenantSettingsSchema.safeParse(deepMerge(settings, patch));

export const plans = ['free', 'team', 'business'] as const;
export type Plan = (typeof plans)[number];

const tenantExample = {
  id: 'ten_01JD3K0000AAAABBBBCCCCDDDD',
  slug: 'lotus-tea',
  name: '莲花茶馆',
  timezone: 'Asia/Shanghai',
  currency: 'CNY',
  locale: 'zh-CN',
  country: 'CN',
  plan: 'free',
  createdAt: '2026-11-19T08:00:00.000Z',
} as const;

export const TenantSchema = z
  .object({
    id: idSchemaFor('tenant'),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
    locale: z.string(),
    country: z.string(),
    plan: z.enum(plans),
    settings: TenantSettingsSchema,
    version: z.number().int().min(1),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
  })
  .meta({
    id: 'Tenant',
    description: 'A business using Dossier, with its settings.',
    examples: [{ ...tenantExample, settings: defaultTenantSettings('CN'), version: 1, updatedAt: tenantExample.createdAt }],
  });
export type Tenant = z.output<typeof TenantSchema>;

/** The tenant as sign-up answers it (no settings). */
export const TenantProfileSchema = TenantSchema.pick({ id: true, slug: true, name: true, timezone: true, currency: true, locale: true, country: true, plan: true, createdAt: true }).meta({
  id: 'TenantProfile',
  description: 'A tenant without its settings.',
  examples: [tenantExample],
});
export type TenantProfile = z.output<typeof TenantProfileSchema>;

/**
 * What a tenant's request schemas depend on: money must be in the tenant's currency, phones
 * are read against the tenant's default country. `DOCUMENTED_TERMS` describe the API in OpenAPI.
 */
export interface TenantTerms {
  currency: string;
  country: string;
}

export const DOCUMENTED_TERMS: TenantTerms = { currency: 'CNY', country: 'CN' };

export const termsOf = (tenant: Tenant): TenantTerms => ({ currency: tenant.currency, country: tenant.settings.defaultCountry });

export const publicTenant = (tenant: Tenant): TenantProfile => ({
  id: tenant.id,
  slug: tenant.slug,
  name: tenant.name,
  timezone: tenant.timezone,
  currency: tenant.currency,
  locale: tenant.locale,
  country: tenant.country,
  plan: tenant.plan,
  createdAt: tenant.createdAt,
});

/** What sign-up answers: the new tenant, its owner, and a session token for the owner. */
export const SignUpResultSchema = z
  .object({
    tenant: TenantProfileSchema,
    owner: UserSchema.extend({ role: z.literal('owner') }),
    token: z.string().describe('A session token for the owner (JWT)'),
  })
  .meta({ id: 'SignUpResult' });
export type SignUpResult = z.output<typeof SignUpResultSchema>;

/**
 * A tenant's life. `active`; `closing` from the moment its owner closes it: every session, API key
 * and sign-in of the tenant is refused, its key is scheduled for deletion and its staff and keys
 * removed; `closed` once the daily job has purged its items, `TENANT_PURGE_AFTER_DAYS` later.
 * There is no way back through the API (docs/security.md, "Closing a tenant").
 */
export const tenantStatuses = ['active', 'closing', 'closed'] as const;
export type TenantStatus = (typeof tenantStatuses)[number];

/** How long a closing tenant's items are kept before they are purged. */
export const TENANT_PURGE_AFTER_DAYS = 30;
/** KMS's pending window for a closed tenant's key: it is deleted this many days after the close. */
export const TENANT_KEY_PENDING_DAYS = 7;

const DAY_MS = 24 * 3600 * 1000;

/** When the items of a tenant closing since `closingSince` are purged. */
export const purgeAfterOf = (closingSince: Date): Date => new Date(closingSince.getTime() + TENANT_PURGE_AFTER_DAYS * DAY_MS);

/** What `DELETE /v1/tenant` answers when part of the close is left to the daily job (202). */
export const TenantClosingSchema = z
  .object({
    id: idSchemaFor('tenant'),
    status: z.literal('closing'),
    closingSince: IsoDateTimeSchema,
    purgeAfter: IsoDateTimeSchema.describe('When the daily job deletes every item of the tenant that is left'),
  })
  .meta({
    id: 'TenantClosing',
    description:
      'The account is closed: every session, API key and sign-in of the tenant is refused from now on. Part of the work (scheduling the deletion of its key, removing its staff and API keys) could not be done in this request; the daily close-tenants job finishes it.',
    examples: [{ id: 'ten_01JD3K0000AAAABBBBCCCCDDDD', status: 'closing', closingSince: '2026-11-19T08:00:00.000Z', purgeAfter: '2026-12-19T08:00:00.000Z' }],
  });
export type TenantClosing = z.output<typeof TenantClosingSchema>;
