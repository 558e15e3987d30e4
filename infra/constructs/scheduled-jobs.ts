import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { type ScheduleEntry, toEventBridgeSchedule, type WorkerRole } from '#functions/manifest';
import { deadLetterQueue } from './queues.ts';
import { type FunctionSettings, pascalCase, ServiceFunction } from './service-function.ts';

export interface ScheduledJobsProps {
  schedules: readonly ScheduleEntry[];
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
      // Both the rule's delivery failures and the function's failed async invocations end here.
      const failures = deadLetterQueue(this, `${name}Failures`);
      const { function: fn } = new ServiceFunction(this, name, { entry: job, settings: props.settingsFor(job.role ?? 'worker'), deadLetterQueue: failures });
      new Rule(this, `${name}Schedule`, {
        description: `${job.name}: ${job.summary} (${job.cron} UTC)`,
        schedule: Schedule.expression(toEventBridgeSchedule(job.cron)),
        targets: [new LambdaFunction(fn, { deadLetterQueue: failures, retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
      this.functions.set(job.name, fn);
    }
  }
}
