import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, type IMetric, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OperationsWatchProps {
  stage: string;
  api: RestApi;
  table: Table;
  /** The scheduled jobs and their per-tenant workers, by manifest name. */
  jobs: ReadonlyMap<string, IFunction>;
  /** The functions that call out to tenants' webhook endpoints. */
  deliveries: readonly IFunction[];
  deadLetterQueues: ReadonlyMap<string, IQueue>;
}

/** The thresholds of the alarms: what an operator is woken for. */
export const ALARM_THRESHOLDS = {
  /** Share of API answers that are 5xx over 5 minutes. */
  serverErrorRate: 0.01,
  /** p99 of the gateway's latency over 5 minutes, in ms (functions time out at 29 s). */
  p99LatencyMs: 3000,
  /** Throttled Lambda invocations or DynamoDB requests in 5 minutes. */
  throttles: 1,
} as const;

const FIVE_MINUTES = Duration.minutes(5);
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

/**
 * Alarms on each signal an operator acts on — 5xx rate, p99 latency, throttles, messages in a
 * dead-letter queue, failed webhook deliveries, job errors — and one dashboard of the same. Alarms
 * carry no action here: a stage subscribes its on-call channel to them (docs/deploy.md).
 */
export class OperationsWatch extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsWatchProps) {
    super(scope, id);
    const { stage, api, table } = props;
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

    const deliveryErrors = sumOf('delivery', 'webhook delivery errors', props.deliveries.map((fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES })));
    if (props.deliveries.length > 0) alarm('DeliveryFailures', 'Webhook delivery functions failed (deliveries are retried, then dead-lettered)', deliveryErrors, 1);

    const jobErrors = chunks([...props.jobs.values()], MAX_METRICS_PER_ALARM).map((group, at) => {
      const errors = sumOf(`jobs${at}x`, `job errors ${at + 1}`, group.map((fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES })));
      alarm(`JobErrors${at + 1}`, 'A scheduled job or its per-tenant unit of work failed', errors, 1);
      return errors;
    });

    const widget = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 12, height: 6 });
    new Dashboard(this, 'Dashboard', {
      dashboardName: `dossier-${stage}`,
      widgets: [
        [widget('API requests and errors', [api.metricCount({ period: FIVE_MINUTES }), api.metricClientError({ period: FIVE_MINUTES }), api.metricServerError({ period: FIVE_MINUTES })]), widget('API latency', [p99, api.metricLatency({ statistic: 'p50', period: FIVE_MINUTES })])],
        [widget('Throttles', [lambdaThrottles, tableThrottles]), widget('Table capacity', [table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES }), table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES })])],
        [widget('Dead-letter queues', deadLetters), widget('Webhook deliveries and jobs: errors', [...(props.deliveries.length > 0 ? [deliveryErrors] : []), ...jobErrors])],
      ],
    });
  }
}
