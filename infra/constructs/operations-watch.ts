import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, type IMetric, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { BUSINESS_COUNTERS, JOB_COUNTERS, JOB_DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE, type BusinessCounter, type JobCounter } from '#shared/runtime/business-metrics';

export interface OperationsWatchProps {
  stage: string;
  api: RestApi;
  table: ITable;
  /** The scheduled jobs and their per-tenant workers, by manifest name. */
  jobs: ReadonlyMap<string, IFunction>;
  /** The manifest's schedule names: the values of the job counters' `job` dimension. */
  jobNames: readonly string[];
  deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** Who is told when an alarm goes off and when it clears (`-c alarmEmail=…`); others subscribe to the topic. */
  alarmEmail?: string | undefined;
}

/** The thresholds of the alarms: what an operator is woken for. */
export const ALARM_THRESHOLDS = {
  /** Share of API answers that are 5xx over 5 minutes. */
  serverErrorRate: 0.01,
  /** p99 of the gateway's latency over 5 minutes, in ms (functions time out at 29 s). */
  p99LatencyMs: 3000,
  /** Throttled Lambda invocations or DynamoDB requests in 5 minutes. */
  throttles: 1,
  /** Share of the webhook deliveries finished in an hour that were given up on… */
  failedDeliveryShare: 0.1,
  /** …once at least this many finished in that hour (one tenant's dead endpoint in a quiet hour is the tenant's, not on-call's). */
  deliveriesForShare: 10,
} as const;

const FIVE_MINUTES = Duration.minutes(5);
const ONE_HOUR = Duration.hours(1);
// CloudWatch metric math takes at most 10 metrics per alarm; jobs are summed in groups of that size.
const MAX_METRICS_PER_ALARM = 10;

/** A sum of metrics; `prefix` keeps its ids apart from other sums on the same graph. */
const sumOf = (prefix: string, label: string, metrics: IMetric[]): IMetric =>
  metrics.length === 1
    ? metrics[0]!
    : new MathExpression({
        expression: metrics.map((_, at) => `${prefix}${at}`).join(' + '),
        usingMetrics: Object.fromEntries(metrics.map((metric, at) => [`${prefix}${at}`, metric])),
        label,
        period: FIVE_MINUTES,
      });

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, at) => items.slice(at * size, at * size + size));

/** A business counter of shared/runtime/business-metrics.ts, as the functions' EMF lines publish it. */
const businessCount = (stage: string, counter: BusinessCounter, period = FIVE_MINUTES): Metric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: BUSINESS_COUNTERS[counter], dimensionsMap: { service: METRICS_SERVICE, stage }, statistic: 'Sum', period, label: counter });

const jobCount = (stage: string, counter: JobCounter, job: string): Metric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: JOB_COUNTERS[counter], dimensionsMap: { service: METRICS_SERVICE, stage, [JOB_DIMENSION]: job }, statistic: 'Sum', period: FIVE_MINUTES, label: `${job} ${counter}` });

/**
 * Alarms on each signal an operator acts on — 5xx rate, p99 latency, throttles, messages in a
 * dead-letter queue, failed webhook deliveries, job errors — and one dashboard of the same, with
 * the business counters the functions publish (shared/runtime/business-metrics.ts). Every alarm
 * tells the stage's alarm topic when it goes off and when it clears; the on-call channel
 * subscribes to it (`-c alarmEmail=…`, or any SNS subscription: docs/deploy.md).
 */
export class OperationsWatch extends Construct {
  readonly alarms: Alarm[] = [];
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: OperationsWatchProps) {
    super(scope, id);
    const { stage, api, table } = props;
    this.alarmTopic = new Topic(this, 'AlarmTopic', { topicName: `dossier-${stage}-alarms`, displayName: `Dossier ${stage} alarms`, enforceSSL: true });
    NagSuppressions.addResourceSuppressions(this.alarmTopic, [
      {
        id: 'AwsSolutions-SNS2',
        reason:
          'Alarm notifications carry alarm names and metric values, never customer data; CloudWatch cannot publish to a topic under the AWS managed SNS key, and a key of its own would cost $1 a month for nothing to protect',
      },
    ]);
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const notify = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number, comparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) => {
      const created = new Alarm(this, alarmId, {
        alarmName: `dossier-${stage}-${alarmId.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: comparison,
        // No traffic is not an outage: a quiet stage stays OK.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    const serverErrorRate = api.metricServerError({ statistic: 'Average', period: FIVE_MINUTES, label: '5xx rate' });
    alarm('ServerErrorRate', `More than ${ALARM_THRESHOLDS.serverErrorRate * 100} % of API answers were 5xx over 5 minutes`, serverErrorRate, ALARM_THRESHOLDS.serverErrorRate, ComparisonOperator.GREATER_THAN_THRESHOLD);
    const p99 = api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES, label: 'p99 latency' });
    alarm('P99Latency', `API p99 latency above ${ALARM_THRESHOLDS.p99LatencyMs} ms over 5 minutes`, p99, ALARM_THRESHOLDS.p99LatencyMs, ComparisonOperator.GREATER_THAN_THRESHOLD);

    const lambdaThrottles = new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: FIVE_MINUTES, label: 'Lambda throttles (account, region)' });
    const tableThrottles = sumOf('table', 'DynamoDB throttled reads and writes', [
      table.metric('ReadThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES }),
      table.metric('WriteThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES }),
    ]);
    alarm('LambdaThrottles', 'Lambda invocations were throttled (concurrency limit reached)', lambdaThrottles, ALARM_THRESHOLDS.throttles);
    alarm('TableThrottles', 'DynamoDB throttled reads or writes on the table (a hot partition)', tableThrottles, ALARM_THRESHOLDS.throttles);

    const deadLetters = [...props.deadLetterQueues].map(([name, queue]) => {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES, label: `${name} DLQ` });
      alarm(`DeadLetters${name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}`, `Messages are waiting in the ${name} dead-letter queue: work that failed every retry`, depth, 1);
      return depth;
    });

    // Deliveries given up on (DeliveriesFailed), not the delivery functions' errors: an endpoint
    // that keeps failing is retried for days without any function erring.
    const { failedDeliveryShare, deliveriesForShare } = ALARM_THRESHOLDS;
    const failedShare = new MathExpression({
      expression: `IF(FILL(failed, 0) + FILL(succeeded, 0) >= ${deliveriesForShare}, FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0)), 0)`,
      usingMetrics: { failed: businessCount(stage, 'DeliveriesFailed', ONE_HOUR), succeeded: businessCount(stage, 'DeliveriesSucceeded', ONE_HOUR) },
      label: 'share of finished deliveries given up on',
      period: ONE_HOUR,
    });
    alarm('DeliveryFailures', `More than ${failedDeliveryShare * 100} % of the webhook deliveries finished in an hour (at least ${deliveriesForShare}) were given up on`, failedShare, failedDeliveryShare, ComparisonOperator.GREATER_THAN_THRESHOLD);

    const jobErrors = chunks([...props.jobs.values()], MAX_METRICS_PER_ALARM).map((group, at) => {
      const errors = sumOf(`jobs${at}x`, `job errors ${at + 1}`, group.map((fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES })));
      alarm(`JobErrors${at + 1}`, 'A scheduled job or its per-tenant unit of work failed', errors, 1);
      return errors;
    });
    // A per-tenant unit that fails is reported in its batch's partial response, not as its
    // function's error: only the JobErrors counter shows it before the DLQ does.
    const reportedJobErrors = chunks(props.jobNames, MAX_METRICS_PER_ALARM).map((group, at) => {
      const errors = sumOf(`reported${at}x`, `reported job errors ${at + 1}`, group.map((job) => jobCount(stage, 'JobErrors', job)));
      alarm(`ReportedJobErrors${at + 1}`, 'A job reported a failed run or per-tenant unit (JobErrors); it is retried, then dead-lettered', errors, 1);
      return errors;
    });
    const jobsRun = chunks(props.jobNames, MAX_METRICS_PER_ALARM).map((group, at) => sumOf(`run${at}x`, `jobs run ${at + 1}`, group.map((job) => jobCount(stage, 'JobsRun', job))));

    const widget = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 12, height: 6 });
    new Dashboard(this, 'Dashboard', {
      dashboardName: `dossier-${stage}`,
      widgets: [
        [widget('API requests and errors', [api.metricCount({ period: FIVE_MINUTES }), api.metricClientError({ period: FIVE_MINUTES }), api.metricServerError({ period: FIVE_MINUTES })]), widget('API latency', [p99, api.metricLatency({ statistic: 'p50', period: FIVE_MINUTES })])],
        [widget('Throttles', [lambdaThrottles, tableThrottles]), widget('Table capacity', [table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES }), table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES })])],
        [widget('Dead-letter queues', deadLetters), widget('Job functions: errors', jobErrors)],
        [
          widget('Customers created and events published', [businessCount(stage, 'CustomersCreated'), businessCount(stage, 'EventsPublished')]),
          widget('Webhook deliveries', [businessCount(stage, 'DeliveriesSucceeded'), businessCount(stage, 'DeliveriesFailed')]),
        ],
        [widget('Jobs run and reported errors', [...jobsRun, ...reportedJobErrors]), widget('Jobs run, by job', props.jobNames.map((job) => jobCount(stage, 'JobsRun', job)))],
      ],
    });
  }
}
