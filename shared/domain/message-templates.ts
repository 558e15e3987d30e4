import type { TenantSettings } from './tenant.ts';

/**
 * The wording of the messages Dossier sends for a tenant, per kind and language, with
 * placeholders: `{name}`, `{couponCode}`, `{validUntil}`, `{tenantName}`. A tenant may word a kind
 * its own way (settings.templates); otherwise the default of its language (Chinese for zh-*,
 * English for the rest) is used.
 */
export interface MessageTemplate {
  subject?: string | undefined;
  text: string;
}

export type TemplateKind = keyof TenantSettings['templates'];

const defaults: Record<'zh' | 'en', Record<TemplateKind, MessageTemplate>> = {
  zh: {
    birthdayGreeting: {
      subject: '{tenantName}祝您生日快乐',
      text: '{name}，生日快乐！{tenantName}送您一张优惠券：{couponCode}，{validUntil}前有效。',
    },
  },
  en: {
    birthdayGreeting: {
      subject: 'Happy birthday from {tenantName}',
      text: 'Happy birthday, {name}! {tenantName} has a gift for you: coupon {couponCode}, valid until {validUntil}.',
    },
  },
};

const languageOf = (locale: string): 'zh' | 'en' => (locale.toLowerCase().startsWith('zh') ? 'zh' : 'en');

export const templateFor = (kind: TemplateKind, tenant: { locale: string; settings: Pick<TenantSettings, 'templates'> }): MessageTemplate =>
  tenant.settings.templates[kind] ?? defaults[languageOf(tenant.locale)][kind];

/** Fills in the placeholders; one the values don't name stays as written, so a typo is visible. */
/** The template filled in for `channel`: an SMS has no subject line, so it carries the text alone. */
export const renderTemplate = (template: MessageTemplate, values: Record<string, string>, channel: 'sms' | 'email'): MessageTemplate => {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return { ...(channel === 'email' && template.subject !== undefined ? { subject: fill(template.subject) } : {}), text: fill(template.text) };
};

/** A date as a customer reads it, in the tenant's language and zone (2026年4月14日, April 14, 2026). */
export const readableDate = (instant: Date, locale: string, timeZone: string): string =>
  new Intl.DateTimeFormat(languageOf(locale) === 'zh' ? 'zh-CN' : 'en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(instant);
