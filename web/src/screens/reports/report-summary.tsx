import { Card, Col, Empty, Row, Space, Statistic, Table } from 'antd';
import type { ReactNode } from 'react';
import type { Schemas } from '#web/api/client.ts';
import { useTenant } from '#web/api/server-state.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import type { MessageKey } from '#web/i18n/messages-zh.ts';
import { facetValueLabel, type Facet } from './facet-labels.ts';

type Summary = Schemas['ReportSummary'];
type Breakdown = Schemas['ReportBreakdown'];

/** How many months of revenue and new customers the tables show, newest first. */
const MONTHS_SHOWN = 12;
/** Places can be many: the largest few, the rest is in the pivot table. */
const PLACES_SHOWN = 10;

/** This month in the tenant's time zone, as the summary names months (`2026-11`). */
const monthNow = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date());

/** A share of the largest, as a bar beside its figure (the figure says it; the bar is for the eye). */
const ShareBar = ({ value, of }: { value: number; of: number }) => (
  <div className="console-bar" aria-hidden="true">
    <span style={{ width: `${of > 0 ? Math.max(0, (value / of) * 100) : 0}%` }} />
  </div>
);

const Share = ({ bar, figure }: { bar: ReactNode; figure: string }) => (
  <div className="console-share">
    {bar}
    <span>{figure}</span>
  </div>
);

/** A figure with its label, read by a screen reader as one named group. */
const Figure = ({ label, value }: { label: string; value: string }) => (
  <Card size="small">
    <Statistic role="group" aria-label={label} title={label} value={value} formatter={() => value} />
  </Card>
);

const BreakdownCard = ({ title, facet, entries, total }: { title: MessageKey; facet: Facet; entries: Breakdown[]; total: number }) => {
  const t = useT();
  const format = useTenantFormat();
  const largest = Math.max(0, ...entries.map((entry) => entry.customers));
  const shown = [...entries].sort((a, b) => b.customers - a.customers).slice(0, facet === 'province' || facet === 'city' ? PLACES_SHOWN : undefined);
  return (
    <Card size="small" title={<h2 className="console-card-title">{t(title)}</h2>}>
      <Table
        rowKey={(entry) => String(entry.value)}
        size="small"
        pagination={false}
        dataSource={shown}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noData')} /> }}
        columns={[
          { title: t(`facet.${facet}`), key: 'value', render: (entry: Breakdown) => facetValueLabel(facet, entry.value, t) },
          { title: t('measure.customers'), key: 'customers', align: 'right', render: (entry: Breakdown) => format.number(entry.customers) },
          {
            title: t('reports.share'),
            key: 'share',
            width: '40%',
            render: (entry: Breakdown) => (
              <Share bar={<ShareBar value={entry.customers} of={largest} />} figure={total > 0 ? `${Math.round((entry.customers / total) * 100)}%` : '—'} />
            ),
          },
        ]}
      />
    </Card>
  );
};

/** The summary: headline figures, customers by tier, stage, gender, age and place, and the months. */
export const ReportSummary = ({ summary }: { summary: Summary }) => {
  const t = useT();
  const format = useTenantFormat();
  const timeZone = useTenant().data?.timezone ?? 'Asia/Shanghai';
  const money = (amount: number) => format.money({ amount, currency: summary.currency });
  const thisMonth = monthNow(timeZone);
  const revenue = summary.revenueByMonth.reduce((sum, month) => sum + month.revenue.amount, 0);
  const revenueThisMonth = summary.revenueByMonth.find((month) => month.month === thisMonth)?.revenue.amount ?? 0;
  const newThisMonth = summary.newCustomersByMonth.find((month) => month.month === thisMonth)?.customers ?? 0;
  const months = [...summary.revenueByMonth].reverse().slice(0, MONTHS_SHOWN);
  const newMonths = [...summary.newCustomersByMonth].reverse().slice(0, MONTHS_SHOWN);
  const largestMonth = Math.max(0, ...months.map((month) => month.revenue.amount));
  const largestNew = Math.max(0, ...newMonths.map((month) => month.customers));

  const figures: [MessageKey, string][] = [
    ['reports.customers', format.number(summary.customers)],
    ['reports.revenue', money(revenue)],
    ['reports.revenueThisMonth', money(revenueThisMonth)],
    ['reports.newThisMonth', format.number(newThisMonth)],
    ['reports.openComplaints', format.number(summary.complaints.open + summary.complaints.inProgress)],
    ['reports.overdueFollowups', format.number(summary.overdueFollowups)],
  ];
  const breakdowns: [MessageKey, Facet, Breakdown[]][] = [
    ['reports.byTier', 'tier', summary.byTier],
    ['reports.byStage', 'stage', summary.byStage],
    ['reports.byGender', 'gender', summary.byGender],
    ['reports.byAgeBand', 'ageBand', summary.byAgeBand],
    ['reports.byProvince', 'province', summary.byProvince],
    ['reports.byCity', 'city', summary.byCity],
  ];
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noData')} />;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        {figures.map(([label, value]) => (
          <Col key={label} xs={12} md={8} xl={4}>
            <Figure label={t(label)} value={value} />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={<h2 className="console-card-title">{t('reports.revenueByMonth')}</h2>}>
            <Table
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={months}
              locale={{ emptyText: empty }}
              columns={[
                { title: t('reports.month'), key: 'month', render: (m: (typeof months)[number]) => format.month(m.month) },
                { title: t('reports.orders'), key: 'orders', align: 'right', render: (m: (typeof months)[number]) => format.number(m.orders) },
                { title: t('reports.monthRevenue'), key: 'revenue', width: '50%', render: (m: (typeof months)[number]) => <Share bar={<ShareBar value={m.revenue.amount} of={largestMonth} />} figure={format.money(m.revenue)} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={<h2 className="console-card-title">{t('reports.newByMonth')}</h2>}>
            <Table
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={newMonths}
              locale={{ emptyText: empty }}
              columns={[
                { title: t('reports.month'), key: 'month', render: (m: (typeof newMonths)[number]) => format.month(m.month) },
                { title: t('measure.customers'), key: 'customers', width: '60%', render: (m: (typeof newMonths)[number]) => <Share bar={<ShareBar value={m.customers} of={largestNew} />} figure={format.number(m.customers)} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        {breakdowns.map(([title, facet, entries]) => (
          <Col key={facet} xs={24} md={12} xl={8}>
            <BreakdownCard title={title} facet={facet} entries={entries} total={summary.customers} />
          </Col>
        ))}
      </Row>
    </Space>
  );
};
