import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { ConsumerEntry, WorkerRole } from '#functions/manifest';
import type { QueueFleet } from './queues.ts';
import { type FunctionSettings, pascalCase, ServiceFunction } from './service-function.ts';

export interface EventConsumersProps {
  bus: IEventBus;
  consumers: readonly ConsumerEntry[];
  queues: QueueFleet;
  /** The settings of a consumer's function, by the role its manifest entry names. */
  settingsFor: (role: WorkerRole) => FunctionSettings;
}

/**
 * One function and one rule on Dossier's bus per manifest consumer, matching its event types by
 * `detail-type`. Consumers `viaQueue` read from an SQS queue (retries with back-pressure, a DLQ
 * after five receives, partial batch failures); the others are invoked by the rule directly, with
 * a DLQ for what can't be delivered or keeps failing. Either way delivery is at least once, which
 * is why consumers are idempotent.
 */
export class EventConsumers extends Construct {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: EventConsumersProps) {
    super(scope, id);
    const { bus } = props;

    for (const consumer of props.consumers) {
      const role = consumer.role ?? 'worker';
      const settings = props.settingsFor(role);
      const name = pascalCase(consumer.name);
      const failures = props.queues.deadLetterFor(role);
      const rule = new Rule(this, `${name}Events`, {
        eventBus: bus,
        description: `${consumer.name}: ${consumer.summary}`,
        eventPattern: { detailType: [...consumer.eventTypes] },
      });

      if (consumer.viaQueue) {
        const { function: fn } = new ServiceFunction(this, name, { entry: consumer, settings });
        const queue = props.queues.workQueue(`${name}Queue`, { functionTimeout: fn.timeout ?? Duration.seconds(settings.defaultTimeoutSeconds), deadLetterQueue: failures, ruleTarget: true });
        fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
        rule.addTarget(new SqsQueue(queue, { deadLetterQueue: failures, retryAttempts: 4, maxEventAge: Duration.hours(24) }));
        this.functions.set(consumer.name, fn);
      } else {
        const { function: fn } = new ServiceFunction(this, name, { entry: consumer, settings, deadLetterQueue: failures });
        rule.addTarget(new LambdaFunction(fn, { deadLetterQueue: failures, retryAttempts: 4, maxEventAge: Duration.hours(24) }));
        this.functions.set(consumer.name, fn);
      }
    }
  }
}
