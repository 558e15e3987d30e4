import { describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '#infra/constructs/operations-watch';
import { schedules } from '#functions/manifest';
import { resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

const { resources } = synthDossier({ stage: 'prod' });
const alarms = resourcesOfType(resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
const alarmNamed = (suffix: string) => alarms.filter((alarm) => String(alarm.AlarmName).startsWith(`dossier-prod-${suffix}`));
const metricNamesOf = (alarm: Record<string, any>): string[] =>
  alarm.MetricName ? [alarm.MetricName] : (alarm.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []));

describe('alarms on what an operator acts on', () => {
  it('alarms when more than 1 % of API answers are 5xx, or p99 latency passes 3 s', () => {
    const [errors] = alarmNamed('server-error-rate');
    const [latency] = alarmNamed('p99-latency');

    expect(metricNamesOf(errors!)).toEqual(['5XXError']);
    expect(JSON.stringify(errors)).toContain('"Stat":"Average"');
    expect(errors!.Threshold).toBe(ALARM_THRESHOLDS.serverErrorRate);
    expect(metricNamesOf(latency!)).toEqual(['Latency']);
    expect(JSON.stringify(latency)).toContain('"Stat":"p99"');
    expect(latency!.Threshold).toBe(3000);
  });

  it('alarms on Lambda and DynamoDB throttles', () => {
    expect(metricNamesOf(alarmNamed('lambda-throttles')[0]!)).toEqual(['Throttles']);
    expect(metricNamesOf(alarmNamed('table-throttles')[0]!).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
  });

  it('alarms on a message in any dead-letter queue', () => {
    const dlqs = resourcesOfType(resources, 'AWS::SQS::Queue').filter(([id]) => /DeadLetter|Dlq|Failures/i.test(id));
    const watched = alarmNamed('dead-letters');

    expect(dlqs.length).toBeGreaterThan(0);
    expect(watched).toHaveLength(dlqs.length);
    for (const alarm of watched) {
      expect(metricNamesOf(alarm)).toEqual(['ApproximateNumberOfMessagesVisible']);
      expect(alarm.Threshold).toBe(1);
    }
  });

  it('alarms on failed webhook deliveries and on every scheduled job failing', () => {
    const jobs = alarmNamed('job-errors');
    const jobMetrics = jobs.flatMap(metricNamesOf);

    expect(metricNamesOf(alarmNamed('delivery-failures')[0]!)).toEqual(['Errors', 'Errors']);
    expect(jobMetrics.filter((name) => name === 'Errors').length).toBeGreaterThanOrEqual(schedules.length);
  });

  it('shows the same signals on one dashboard', () => {
    const dashboard = theResourceOfType(resources, 'AWS::CloudWatch::Dashboard');

    expect(dashboard.Properties.DashboardName).toBe('dossier-prod');
    expect(JSON.stringify(dashboard.Properties.DashboardBody)).toContain('5XXError');
  });
});

describe('data safety', () => {
  it('backs the prod table up daily into its own vault, beside PITR and deletion protection', () => {
    const plan = theResourceOfType(resources, 'AWS::Backup::BackupPlan');
    const selection = theResourceOfType(resources, 'AWS::Backup::BackupSelection');
    const table = theResourceOfType(resources, 'AWS::DynamoDB::Table');

    expect(plan.Properties.BackupPlan.BackupPlanRule[0]).toMatchObject({ ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } });
    expect(JSON.stringify(selection.Properties.BackupSelection.Resources)).toContain('DataTable');
    expect(table.Properties).toMatchObject({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true });
  });

  it('spends nothing on backups in a dev stage', () => {
    const { resources: dev } = synthDossier({ stage: 'dev' });

    expect(resourcesOfType(dev, 'AWS::Backup::BackupPlan')).toEqual([]);
  });
});
