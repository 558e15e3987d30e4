import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type ConsumerEntry, consumers, type RouteEntry, routes, type ScheduleEntry, schedules, type StreamEntry, streams } from '#functions/manifest';
import { ApiFunctions } from './constructs/api-functions.ts';
import { DataTable } from './constructs/data-table.ts';
import { EventConsumers } from './constructs/event-consumers.ts';
import { FileBucket } from './constructs/file-bucket.ts';
import { FunctionRoles } from './constructs/function-roles.ts';
import { QueueFleet } from './constructs/queues.ts';
import { DossierApi } from './constructs/rest-api.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import type { FunctionSettings } from './constructs/service-function.ts';
import { ServiceSecret } from './constructs/service-secret.ts';
import { StreamFunctions } from './constructs/stream-functions.ts';
import { TenantDataAccess } from './constructs/tenant-data-access.ts';

/** What the stack serves: the manifest by default; tests pass small lists of their own. */
export interface DossierManifest {
  routes: readonly RouteEntry[];
  schedules: readonly ScheduleEntry[];
  consumers: readonly ConsumerEntry[];
  streams: readonly StreamEntry[];
}

export const manifest: DossierManifest = { routes, schedules, consumers, streams };

export interface DossierStackProps extends StackProps {
  stage: string;
  manifest?: DossierManifest;
  /** The verified SES sender of customer email (`cdk synth -c emailFrom=…`); a placeholder until a stage has one. */
  emailFrom?: string;
}

/** Routes must answer within API Gateway's 29 s; jobs match the local scheduler's 300 s. */
const ROUTE_TIMEOUT_SECONDS = 29;
const JOB_TIMEOUT_SECONDS = 300;
const CONSUMER_TIMEOUT_SECONDS = 60;
const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** Stage names end up in function, API, bus and alias names: keep them short and plain. */
export const assertStageName = (stage: string): string => {
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) throw new Error(`Stage "${stage}" must be 1-16 lower-case letters, digits or dashes, starting with a letter`);
  return stage;
};

/** Everything Dossier runs on in one AWS account and region, for one stage. */
export class DossierStack extends Stack {
  constructor(scope: Construct, id: string, props: DossierStackProps) {
    super(scope, id, { description: `Dossier customer archive (${props.stage})`, ...props });
    const stage = assertStageName(props.stage);
    const served = props.manifest ?? manifest;
    Tags.of(this).add('project', 'dossier');
    Tags.of(this).add('dossier:stage', stage);

    const data = new DataTable(this, 'Data');
    const { secret } = new ServiceSecret(this, 'ServiceSecret', { stage });
    const emailFrom = props.emailFrom ?? `no-reply@${stage}.dossier.invalid`;
    const roles = new FunctionRoles(this, 'FunctionRoles', { stage, table: data, serviceSecret: secret, emailIdentity: emailFrom.slice(emailFrom.indexOf('@') + 1) });
    const tenantAccess = new TenantDataAccess(this, 'TenantDataAccess', { stage, table: data, trustedRole: roles.api });
    // Exports are written by the workers and fetched through links the API functions sign.
    const files = new FileBucket(this, 'Files');
    files.grantExports(roles.worker, 'write');
    files.grantExports(roles.api, 'read');

    // The variables shared/runtime/config.ts reads.
    const environment = {
      DOSSIER_STAGE: stage,
      DOSSIER_TABLE: data.table.tableName,
      DOSSIER_KEY_PROVIDER: 'kms',
      DOSSIER_SERVICE_SECRET_ARN: secret.secretArn,
      DOSSIER_FILES_BUCKET: files.bucket.bucketName,
      DOSSIER_NOTIFY: 'aws',
      DOSSIER_EMAIL_FROM: emailFrom,
      POWERTOOLS_SERVICE_NAME: 'dossier',
      NODE_OPTIONS: '--enable-source-maps',
    };
    // One log group for the API functions, one for the workers (jobs, consumers, stream functions).
    const logGroups = { api: new LogGroup(this, 'ApiLogs', { retention: LOG_RETENTION }), workers: new LogGroup(this, 'WorkerLogs', { retention: LOG_RETENTION }) };
    const settings = (overrides: Pick<FunctionSettings, 'role' | 'defaultTimeoutSeconds'> & { environment?: Record<string, string>; logs?: keyof typeof logGroups }): FunctionSettings => ({
      stage,
      role: overrides.role,
      defaultTimeoutSeconds: overrides.defaultTimeoutSeconds,
      logGroup: logGroups[overrides.logs ?? 'workers'],
      environment: { ...environment, ...overrides.environment },
    });
    const queues = new QueueFleet(this, 'Queues');

    const http = new DossierApi(this, 'Http', { stage, logRetention: LOG_RETENTION, throttle: { rateLimit: 100, burstLimit: 200 } });
    new ApiFunctions(this, 'ApiFunctions', {
      api: http.api,
      routes: served.routes,
      // Only API functions act for one tenant at a time, so only they are told the tenant role.
      settings: settings({
        role: roles.api,
        defaultTimeoutSeconds: ROUTE_TIMEOUT_SECONDS,
        logs: 'api',
        environment: {
          DOSSIER_TENANT_ROLE_ARN: tenantAccess.role.roleArn,
          // Sign-up creates tenant keys whose key policy grants these roles (see KmsKeyProvider).
          DOSSIER_KEY_USER_ROLE_ARNS: roles.all().map((role) => role.roleArn).join(','),
        },
      }),
    });

    const bus = new EventBus(this, 'Events', { eventBusName: `dossier-${stage}`, description: `Dossier ${stage} domain events` });
    const workerRoles = { worker: roles.worker, messaging: roles.messaging, delivery: roles.delivery };
    new ScheduledJobs(this, 'ScheduledJobs', {
      schedules: served.schedules,
      queues,
      settingsFor: (role) => settings({ role: workerRoles[role], defaultTimeoutSeconds: JOB_TIMEOUT_SECONDS }),
    });
    new StreamFunctions(this, 'StreamFunctions', {
      table: data.table,
      bus,
      streams: served.streams,
      queues,
      settings: settings({ role: roles.worker, defaultTimeoutSeconds: CONSUMER_TIMEOUT_SECONDS }),
    });
    new EventConsumers(this, 'EventConsumers', {
      bus,
      consumers: served.consumers,
      queues,
      settingsFor: (role) => settings({ role: workerRoles[role], defaultTimeoutSeconds: CONSUMER_TIMEOUT_SECONDS }),
    });

    new CfnOutput(this, 'ApiUrl', { value: http.api.url });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: files.bucket.bucketName });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'TenantRoleArn', { value: tenantAccess.role.roleArn });
  }
}
