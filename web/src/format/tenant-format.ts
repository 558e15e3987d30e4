import { useMemo } from 'react';
import type { Schemas } from '#web/api/client.ts';
import { useTenant } from '#web/api/server-state.ts';

/**
 * Money and dates as the tenant reads them: its locale, currency and time zone (`¥128.00`,
 * `2026年11月20日 10:30`), whatever language the console is shown in.
 */
export interface TenantFormat {
  currency: string;
  /** Digits after the decimal point of the currency (2 for CNY, 0 for JPY). */
  minorDigits: number;
  money: (money: Schemas['Money'] | undefined) => string;
  dateTime: (iso: string | undefined) => string;
  date: (iso: string | undefined) => string;
  /** A month as the reports name it (`2026-11`, already in the tenant's time zone): `2026年11月`. */
  month: (month: string) => string;
  /** A plain figure (a count, an average) with the locale's grouping. */
  number: (value: number) => string;
}

export const tenantFormat = (tenant: { locale: string; currency: string; timezone: string }): TenantFormat => {
  const moneyFormat = new Intl.NumberFormat(tenant.locale, { style: 'currency', currency: tenant.currency });
  const minorDigits = moneyFormat.resolvedOptions().maximumFractionDigits ?? 2;
  const dateTimeFormat = new Intl.DateTimeFormat(tenant.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: tenant.timezone });
  const dateFormat = new Intl.DateTimeFormat(tenant.locale, { dateStyle: 'medium', timeZone: tenant.timezone });
  // The month is the tenant's already: read in UTC so that no time zone moves it.
  const monthFormat = new Intl.DateTimeFormat(tenant.locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(tenant.locale, { maximumFractionDigits: 2 });
  return {
    currency: tenant.currency,
    minorDigits,
    money: (money) =>
      money ? new Intl.NumberFormat(tenant.locale, { style: 'currency', currency: money.currency }).format(money.amount / 10 ** minorDigits) : '—',
    dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '—'),
    date: (iso) => (iso ? dateFormat.format(new Date(iso)) : '—'),
    month: (month) => monthFormat.format(new Date(`${month}-01T00:00:00Z`)),
    number: (value) => numberFormat.format(value),
  };
};

const FALLBACK = { locale: 'zh-CN', currency: 'CNY', timezone: 'Asia/Shanghai' };

export const useTenantFormat = (): TenantFormat => {
  const tenant = useTenant().data;
  return useMemo(() => tenantFormat(tenant ?? FALLBACK), [tenant]);
};
