import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { type ScheduleEntry, toEventBridgeSchedule, type WorkerRole } from '#functions/manifest';
import type { QueueFleet } from './queues.ts';
import { type FunctionSettings, pascalCase, ServiceFunction } from './service-function.ts';

export interface ScheduledJobsProps {
  schedules: readonly ScheduleEntry[];
  queues: QueueFleet;
  /** The settings of a job's function, by the role its manifest entry names. */
  settingsFor: (role: WorkerRole) => FunctionSettings;
}

/**
 * One function and one EventBridge schedule rule per manifest job. The rule's event carries the
 * firing instant in `time`, and jobs take "now" from it, never from the clock, so a late or
 * repeated delivery does the work that was due at that instant.
 */
export class ScheduledJobs extends Construct {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);

    for (const job of props.schedules) {
      const name = pascalCase(job.name);
      const role = job.role ?? 'worker';
      // Both the rule's delivery failures and the function's failed async invocations end here.
      const failures = props.queues.deadLetterFor(role);
      const { function: fn } = new ServiceFunction(this, name, { entry: job, settings: props.settingsFor(role), deadLetterQueue: failures });
      new Rule(this, `${name}Schedule`, {
        description: `${job.name}: ${job.summary} (${job.cron} UTC)`,
        schedule: Schedule.expression(toEventBridgeSchedule(job.cron)),
        targets: [new LambdaFunction(fn, { deadLetterQueue: failures, retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
      this.functions.set(job.name, fn);
      if (job.perTenant) this.addTenantWorker({ job: job.name, perTenant: job.perTenant, queues: props.queues, role }, fn, props.settingsFor(role));
    }
  }

  /**
   * The job's per-tenant unit of work: a queue (one message per tenant, or per chunk of one), a
   * DLQ after five receives, and the worker reading it with partial batch failures. The job and
   * the worker may both queue units (a worker queues its next chunk); both are told the queue.
   */
  private addTenantWorker(
    unit: { job: string; perTenant: NonNullable<ScheduleEntry['perTenant']>; queues: QueueFleet; role: WorkerRole },
    dispatcher: NodejsFunction,
    settings: FunctionSettings,
  ): void {
    const name = `${pascalCase(unit.job)}Tenant`;
    const { function: worker } = new ServiceFunction(this, name, {
      entry: { name: `${unit.job}-tenant`, handler: unit.perTenant.handler, summary: unit.perTenant.summary, timeoutSeconds: unit.perTenant.timeoutSeconds },
      settings,
    });
    const queue = unit.queues.workQueue(`${name}Queue`, {
      functionTimeout: worker.timeout ?? Duration.seconds(settings.defaultTimeoutSeconds),
      deadLetterQueue: unit.queues.deadLetterFor(unit.role),
      ruleTarget: false,
    });
    worker.addEventSource(new SqsEventSource(queue, { batchSize: 5, reportBatchItemFailures: true }));
    for (const fn of [dispatcher, worker]) {
      fn.addEnvironment('DOSSIER_WORK_QUEUES', Stack.of(this).toJsonString({ [unit.job]: queue.queueUrl }));
      queue.grantSendMessages(fn);
    }
    this.functions.set(`${unit.job}-tenant`, worker);
  }
}
