import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Select, Table } from 'antd';
import { useSearchParams } from 'react-router';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { facets, facetValueLabel, type Facet } from './facet-labels.ts';

type Pivot = Schemas['ReportPivot'];
type PivotRow = Pivot['items'][number];

const measures = ['customers', 'totalSpend', 'orderCount'] as const;
type Measure = (typeof measures)[number];
const aggs = ['sum', 'avg', 'count'] as const;
type Agg = (typeof aggs)[number];

/** A choice read from the address: one of the list, or the fallback for anything else. */
const oneOf = <T extends string | undefined>(list: readonly string[], value: string | null, fallback: T): T => (value !== null && list.includes(value) ? (value as T) : fallback);

/**
 * A pivot table: customers, their spend or their orders by one facet (and optionally a second, as
 * columns), summed, averaged or counted. The choice lives in the address, so it can be bookmarked.
 */
export const ReportPivot = () => {
  const t = useT();
  const format = useTenantFormat();
  const [params, setParams] = useSearchParams();
  const rows = oneOf<Facet>(facets, params.get('rows'), 'tier');
  const asked = params.get('columns');
  const columns = asked && asked !== rows ? oneOf<Facet | undefined>(facets, asked, undefined) : undefined;
  const measure = oneOf<Measure>(measures, params.get('measure'), 'customers');
  // Customers are counted; spend and orders are summed unless asked otherwise.
  const agg = measure === 'customers' ? 'count' : oneOf<Agg>(aggs, params.get('agg'), 'sum');
  const choose = (name: string, value: string | undefined) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        if (name === 'measure' && value === 'customers') next.delete('agg');
        if (name === 'rows' && next.get('columns') === value) next.delete('columns');
        return next;
      },
      { replace: true },
    );

  const pivot = useQuery({
    queryKey: ['reports', 'pivot', { rows, columns, measure, agg }],
    queryFn: () => answer(api.GET('/v1/reports/pivot', { params: { query: { rows, measure, agg, ...(columns ? { columns } : {}) } } })),
    placeholderData: keepPreviousData,
  });

  const figure = (value: number, data: Pivot) =>
    data.measure === 'totalSpend' && data.agg !== 'count' ? format.money({ amount: value, currency: data.currency ?? format.currency }) : format.number(value);
  const control = (label: string, select: React.ReactNode) => (
    <div className="console-report-control">
      <span aria-hidden="true">{label}</span>
      {select}
    </div>
  );

  return (
    <Card size="small" title={<h2 className="console-card-title">{t('reports.pivot')}</h2>}>
      <div className="console-report-controls">
        {control(t('reports.pivotRows'), <Select aria-label={t('reports.pivotRows')} value={rows} onChange={(v) => choose('rows', v)} options={facets.map((f) => ({ value: f, label: t(`facet.${f}`) }))} />)}
        {control(
          t('reports.pivotColumns'),
          <Select
            aria-label={t('reports.pivotColumns')}
            value={columns ?? ''}
            onChange={(v) => choose('columns', v || undefined)}
            options={[{ value: '', label: t('reports.pivotNoColumns') }, ...facets.filter((f) => f !== rows).map((f) => ({ value: f, label: t(`facet.${f}`) }))]}
          />,
        )}
        {control(t('reports.measure'), <Select aria-label={t('reports.measure')} value={measure} onChange={(v) => choose('measure', v)} options={measures.map((m) => ({ value: m, label: t(`measure.${m}`) }))} />)}
        {control(
          t('reports.agg'),
          <Select aria-label={t('reports.agg')} value={agg} disabled={measure === 'customers'} onChange={(v) => choose('agg', v)} options={aggs.map((a) => ({ value: a, label: t(`agg.${a}`) }))} />,
        )}
      </div>
      <QueryState query={pivot}>
        {(data) => (
          <Table
            rowKey={(item) => String(item.row)}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noData')} /> }}
            columns={[
              { title: t(`facet.${data.rows}`), key: 'row', fixed: 'left', render: (item: PivotRow) => facetValueLabel(data.rows, item.row, t) },
              ...(data.columns?.values ?? []).map((value, at) => ({
                title: facetValueLabel(data.columns!.field, value, t),
                key: `column-${String(value)}`,
                align: 'right' as const,
                render: (item: PivotRow) => figure(item.values[at] ?? 0, data),
              })),
              { title: data.columns ? t('reports.total') : `${t(`measure.${data.measure}`)} · ${t(`agg.${data.agg}`)}`, key: 'total', align: 'right', render: (item: PivotRow) => figure(item.total, data) },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
};
