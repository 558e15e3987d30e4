import { describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '#infra/constructs/operations-watch';
import { schedules } from '#functions/manifest';
import { resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

const { resources, operationsResources: watch } = synthDossier({ stage: 'prod' });
const alarms = resourcesOfType(watch, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
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

  it("tells the stage's alarm topic when any alarm goes off and when it clears, and mails the on-call address given", () => {
    const [topicId, topic] = resourcesOfType(watch, 'AWS::SNS::Topic')[0]!;
    const topicRef = { Ref: topicId };
    const policy = theResourceOfType(watch, 'AWS::SNS::TopicPolicy').Properties;
    const { operationsResources: mailed } = synthDossier({ stage: 'prod', alarmEmail: 'oncall@example.com' });

    expect(topic.Properties.TopicName).toBe('dossier-prod-alarms');
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, String(alarm.AlarmName)).toEqual([topicRef]);
      expect(alarm.OKActions, String(alarm.AlarmName)).toEqual([topicRef]);
    }
    expect(JSON.stringify(policy.PolicyDocument)).toContain('aws:SecureTransport');
    expect(resourcesOfType(watch, 'AWS::SNS::Subscription')).toHaveLength(0);
    expect(theResourceOfType(mailed, 'AWS::SNS::Subscription').Properties).toMatchObject({ Protocol: 'email', Endpoint: 'oncall@example.com' });
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

  it('alarms on every scheduled job failing, its function erring or a unit of it reporting an error', () => {
    const jobMetrics = alarmNamed('job-errors').flatMap(metricNamesOf);
    const reported = alarmNamed('reported-job-errors');
    const reportedJobs = reported.flatMap((alarm) => (alarm.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] } } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : [])));

    expect(jobMetrics.filter((name) => name === 'Errors').length).toBeGreaterThanOrEqual(schedules.length);
    expect(reportedJobs.map((metric) => metric.Dimensions.find((d) => d.Name === 'job')?.Value).sort()).toEqual(schedules.map((job) => job.name).sort());
    for (const metric of reportedJobs) {
      expect(metric).toMatchObject({ Namespace: 'Dossier', MetricName: 'JobErrors' });
      expect(metric.Dimensions).toEqual(expect.arrayContaining([{ Name: 'service', Value: 'dossier' }, { Name: 'stage', Value: 'prod' }]));
    }
  });

  it('alarms when more than 10 % of an hour’s finished webhook deliveries were given up on, counted by the DeliveriesFailed metric', () => {
    const [failures] = alarmNamed('delivery-failures');
    const metrics = failures!.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] }; Period: number; Stat: string } }[];
    const expression = metrics.find((m) => m.Expression)!.Expression!;

    expect(metricNamesOf(failures!).sort()).toEqual(['DeliveriesFailed', 'DeliveriesSucceeded']);
    expect(metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat)).toEqual(
      ['DeliveriesFailed', 'DeliveriesSucceeded'].map((name) => ({
        Metric: { Namespace: 'Dossier', MetricName: name, Dimensions: [{ Name: 'service', Value: 'dossier' }, { Name: 'stage', Value: 'prod' }] },
        Period: 3600,
        Stat: 'Sum',
      })),
    );
    expect(expression).toContain(`>= ${ALARM_THRESHOLDS.deliveriesForShare}`);
    expect(failures!.Threshold).toBe(ALARM_THRESHOLDS.failedDeliveryShare);
  });

  it('shows the same signals and the business counters on one dashboard', () => {
    const dashboard = theResourceOfType(watch, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);

    expect(dashboard.Properties.DashboardName).toBe('dossier-prod');
    for (const shown of ['5XXError', 'CustomersCreated', 'EventsPublished', 'DeliveriesSucceeded', 'DeliveriesFailed', 'JobsRun', 'JobErrors']) expect(body).toContain(shown);
    expect(body).toContain('Dossier');
  });
});

describe('metrics and traces from the functions', () => {
  const functions = resourcesOfType(resources, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties);
  // The gateway's authorizer answers before every API request: it is on the API's side too.
  const isApi = (fn: Record<string, any>) => String(fn.FunctionName).startsWith('dossier-prod-api-') || fn.FunctionName === 'dossier-prod-authorize-request';

  it('has every function write its business counters as EMF in the Dossier namespace, traced by X-Ray, never recording answers in traces', () => {
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Environment.Variables).toMatchObject({ DOSSIER_METRICS: 'stdout', POWERTOOLS_METRICS_NAMESPACE: 'Dossier', POWERTOOLS_SERVICE_NAME: 'dossier', POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false' });
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('runs the Powertools tracer in the worker functions only', () => {
    const api = functions.filter(isApi);
    const workers = functions.filter((fn) => !isApi(fn));

    expect(api.length).toBeGreaterThan(0);
    expect(workers.length).toBeGreaterThan(0);
    for (const fn of api) expect(fn.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('false');
    for (const fn of workers) expect(fn.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('true');
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

describe('abuse at the edge', () => {
  it('puts the optional WAF web ACL in front of the API stage: managed rule groups and rate-based rules per source address, tighter on sign-up and sign-in', () => {
    const { resources: guarded } = synthDossier({ stage: 'prod', waf: true });
    const acl = theResourceOfType(guarded, 'AWS::WAFv2::WebACL').Properties;
    const association = theResourceOfType(guarded, 'AWS::WAFv2::WebACLAssociation').Properties;
    const rules = acl.Rules as { Name: string; Statement: Record<string, any> }[];

    expect(acl.Scope).toBe('REGIONAL');
    expect(rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement).map((rule) => rule.Name)).toEqual(expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']));
    const accounts = rules.find((rule) => rule.Name === 'RatePerSourceSignUpAndSignIn')!.Statement.RateBasedStatement;
    expect(accounts).toMatchObject({ AggregateKeyType: 'IP', Limit: 100 });
    expect(JSON.stringify(accounts.ScopeDownStatement)).toContain('/v1/tenants');
    expect(JSON.stringify(accounts.ScopeDownStatement)).toContain('/v1/auth/login');
    expect(JSON.stringify(association.ResourceArn)).toMatch(/\/stages\/.*prod/);
  });

  it('limits sign-ups per source address and per day in the sign-up function', () => {
    const signUp = resourcesOfType(resources, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.FunctionName === 'dossier-prod-api-tenants')![1];

    expect(signUp.Properties.Environment.Variables).toMatchObject({ DOSSIER_SIGNUPS_PER_SOURCE_HOUR: '5', DOSSIER_SIGNUPS_PER_DAY: '500' });
  });
});
