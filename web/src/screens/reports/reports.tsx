import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { answer, api } from '#web/api/client.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { ReportPivot } from './report-pivot.tsx';
import { ReportSummary } from './report-summary.tsx';

/** The archive at a glance (GET /v1/reports/summary), and a pivot table to slice it further. */
export const Reports = () => {
  const t = useT();
  const format = useTenantFormat();
  const summary = useQuery({ queryKey: ['reports', 'summary'], queryFn: () => answer(api.GET('/v1/reports/summary')) });

  return (
    <>
      <div className="console-page-header">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('reports.title')}
        </Typography.Title>
        {summary.data && <Typography.Text type="secondary">{t('reports.asOf', { time: format.dateTime(summary.data.asOf) })}</Typography.Text>}
      </div>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <QueryState query={summary}>{(data) => <ReportSummary summary={data} />}</QueryState>
        <ReportPivot />
      </Space>
    </>
  );
};
