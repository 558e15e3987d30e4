import { Tag, Typography } from 'antd';
import type { Schemas } from '#web/api/client.ts';
import { useTenantFormat, type TenantFormat } from '#web/format/tenant-format.ts';
import { useLanguage, useT, type Language, type Translate } from '#web/i18n/language.tsx';
import { facetValueLabel } from '#web/screens/reports/facet-labels.ts';
import type { Segment } from './segment-query.ts';

type Filter = Schemas['SegmentFilter'];

/** The twelve months' names in the console's language, January first. */
export const monthNames = (language: Language): string[] => {
  const name = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, month) => name.format(Date.UTC(2000, month, 1)));
};

/** Each condition of a filter as a person would say it: `等级：VIP、常客`, `累计消费不低于 ¥500.00`. */
export const describeFilter = (filter: Filter, words: { t: Translate; format: TenantFormat; language: Language }): string[] => {
  const { t, format, language } = words;
  const money = (amount: number) => format.money({ amount, currency: format.currency });
  const list = (values: readonly string[]) => values.join('、');
  const parts: (string | false | undefined)[] = [
    filter.tier && `${t('customers.tier')}：${list(filter.tier.map((v) => facetValueLabel('tier', v, t)))}`,
    filter.stage && `${t('customers.stage')}：${list(filter.stage.map((v) => facetValueLabel('stage', v, t)))}`,
    filter.gender && `${t('customer.gender')}：${list(filter.gender.map((v) => facetValueLabel('gender', v, t)))}`,
    filter.tags && `${t('customers.tags')}：${list(filter.tags)}`,
    filter.province && `${t('facet.province')}：${list(filter.province)}`,
    filter.city && `${t('customers.city')}：${list(filter.city)}`,
    filter.source && `${t('facet.source')}：${list(filter.source)}`,
    filter.minTotalSpend !== undefined && `${t('segments.minTotalSpend')} ${money(filter.minTotalSpend)}`,
    filter.maxTotalSpend !== undefined && `${t('segments.maxTotalSpend')} ${money(filter.maxTotalSpend)}`,
    filter.minOrderCount !== undefined && `${t('segments.minOrderCount')} ${filter.minOrderCount}`,
    filter.maxOrderCount !== undefined && `${t('segments.maxOrderCount')} ${filter.maxOrderCount}`,
    filter.lastPurchaseAfter && `${t('segments.lastPurchaseAfter')} ${format.date(filter.lastPurchaseAfter)}`,
    filter.lastPurchaseBefore && `${t('segments.lastPurchaseBefore')} ${format.date(filter.lastPurchaseBefore)}`,
    filter.createdAfter && `${t('segments.createdAfter')} ${format.date(filter.createdAfter)}`,
    filter.createdBefore && `${t('segments.createdBefore')} ${format.date(filter.createdBefore)}`,
    filter.birthdayMonth !== undefined && `${t('segments.birthdayMonth')}：${monthNames(language)[filter.birthdayMonth - 1]}`,
    filter.consent?.marketingSms !== undefined && `${t('customer.consentSms')}：${filter.consent.marketingSms ? '✓' : '✗'}`,
    filter.consent?.marketingEmail !== undefined && `${t('customer.consentEmail')}：${filter.consent.marketingEmail ? '✓' : '✗'}`,
    filter.ownerUserId && `${t('customers.owner')}：${filter.ownerUserId}`,
  ];
  return parts.filter((part): part is string => typeof part === 'string');
};

/** A segment's filter as tags; a filter of no condition is every customer. */
export const FilterSummary = ({ segment }: { segment: Segment }) => {
  const { t, language } = useLanguage();
  const format = useTenantFormat();
  const parts = describeFilter(segment.filter, { t, format, language });
  if (parts.length === 0) return <Typography.Text type="secondary">{t('segments.everyone')}</Typography.Text>;
  return (
    <span className="console-filter-summary">
      {parts.map((part) => (
        <Tag key={part}>{part}</Tag>
      ))}
    </span>
  );
};

/** How many a segment holds and how fresh that is: a count runs in the background after each change. */
export const SegmentSize = ({ segment }: { segment: Segment }) => {
  const t = useT();
  const format = useTenantFormat();
  if (segment.size.status === 'counting' || segment.size.count === null) return <Typography.Text type="secondary">{t('segments.counting')}</Typography.Text>;
  return <span>{format.number(segment.size.count)}</span>;
};
