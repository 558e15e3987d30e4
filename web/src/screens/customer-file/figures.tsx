import { StatusTag } from '#web/layout/status-tag.tsx';
import type { CustomerView } from './customer-query.ts';
import { Typography } from 'antd';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';

/** The figures of a customer, each with its visible label: spend, orders, points, tier, stage, RFM, CLV. */
export const Figures = ({ customer }: { customer: CustomerView }) => {
  const t = useT();
  const format = useTenantFormat();
  const { stats } = customer;
  const figure = (label: string, value: React.ReactNode, testId: string) => (
    <div className="console-figure" data-figure={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <dl aria-label={t('file.figures')} className="console-figures">
      {figure(t('file.totalSpend'), format.money(stats.totalSpend), 'totalSpend')}
      {figure(t('file.orders'), stats.orderCount, 'orders')}
      {figure(t('file.points'), stats.pointsBalance, 'points')}
      {figure(t('file.tier'), <StatusTag tone={customer.tier === 'vip' ? 'warn' : 'plain'}>{t(`tier.${customer.tier}` as const)}</StatusTag>, 'tier')}
      {figure(t('file.stage'), t(`stage.${customer.stage}` as const), 'stage')}
      {figure(t('file.avgOrder'), format.money(stats.avgOrderValue), 'avgOrder')}
      {figure(t('file.lastPurchase'), format.date(stats.lastPurchaseAt), 'lastPurchase')}
      {figure(
        t('file.rfm'),
        customer.rfm ? `${customer.rfm.r}${customer.rfm.f}${customer.rfm.m} · ${customer.rfm.segment}` : <Typography.Text type="secondary">{t('file.notScored')}</Typography.Text>,
        'rfm',
      )}
      {figure(t('file.clv'), customer.clv ? format.money(customer.clv) : <Typography.Text type="secondary">{t('file.notScored')}</Typography.Text>, 'clv')}
    </dl>
  );
};
