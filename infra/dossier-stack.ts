import { CfnOutput, NestedStack, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { BackupPlan, BackupResource } from 'aws-cdk-lib/aws-backup';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { type ConsumerEntry, consumers, type RouteEntry, routes, type ScheduleEntry, schedules, type StreamEntry, streams } from '#functions/manifest';
import { ApiFunctions } from './constructs/api-functions.ts';
import { ConsoleSite } from './constructs/console-site.ts';
import { DataTable, type RestoredTable } from './constructs/data-table.ts';
import { EventConsumers } from './constructs/event-consumers.ts';
import { FileBucket } from './constructs/file-bucket.ts';
import { FunctionRoles } from './constructs/function-roles.ts';
import { OperationsWatch } from './constructs/operations-watch.ts';
import { QueueFleet } from './constructs/queues.ts';
import { DossierApi } from './constructs/rest-api.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import type { FunctionSettings } from './constructs/service-function.ts';
import { ServiceSecret } from './constructs/service-secret.ts';
import { StreamFunctions } from './constructs/stream-functions.ts';
import { TenantDataAccess } from './constructs/tenant-data-access.ts';
import { TenantThrottling } from './constructs/tenant-throttling.ts';
import { WebFirewall } from './constructs/web-firewall.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '#shared/runtime/business-metrics';

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
  /** The staff console's build to serve (web/dist; bin/app.ts builds it first). */
  consoleAssets: string;
  /** The verified SES sender of customer email (`cdk synth -c emailFrom=…`); a placeholder until a stage has one. */
  emailFrom?: string;
  /** The optional WAFv2 web ACL in front of the API (`-c waf=true`). */
  waf?: boolean;
  /** Sign-ups the whole stage accepts a day (`-c signUpsPerDay=…`): each creates a KMS key. */
  signUpsPerDay?: number;
  /** After a restore: the restored table the stack uses instead of its own (`-c restoredTable=<name> -c restoredStreamArn=<arn>`). */
  restoredTable?: RestoredTable;
  /** The on-call address the alarm topic mails (`-c alarmEmail=…`); without it, subscribe to the topic yourself. */
  alarmEmail?: string;
}

/** Routes must answer within API Gateway's 29 s; jobs match the local scheduler's 300 s. */
const ROUTE_TIMEOUT_SECONDS = 29;
const JOB_TIMEOUT_SECONDS = 300;
const CONSUMER_TIMEOUT_SECONDS = 60;
const LOG_RETENTION = RetentionDays.THREE_MONTHS;
const SIGN_UPS_PER_SOURCE_HOUR = 5;
const SIGN_UPS_PER_DAY = 500;
/** The stage whose data gets an AWS Backup plan on top of PITR and deletion protection. */
export const PRODUCTION_STAGE = 'prod';
/** The areas of functions/ that run as the accounts role (sign-up, sign-in, the tenant itself); every other area as the API role. */
export const ACCOUNT_AREAS: ReadonlySet<string> = new Set(['tenants', 'auth']);

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

    const data = new DataTable(this, 'Data', { restored: props.restoredTable });
    if (stage === PRODUCTION_STAGE) {
      // Beside PITR (35 days, any second): daily backups kept 35 days, in a vault of their own, so a
      // restore is possible even after the table itself is gone (docs/deploy.md, "Restore").
      const selection = BackupPlan.daily35DayRetention(this, 'Backups').addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(data.table)] });
      NagSuppressions.addResourceSuppressions(
        selection,
        [
          {
            id: 'AwsSolutions-IAM4',
            reason: 'AWSBackupServiceRolePolicyForBackup is the policy AWS Backup documents for its service role; the selection names the one table, so the role backs up nothing else.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'],
          },
        ],
        true,
      );
    }
    const { secret } = new ServiceSecret(this, 'ServiceSecret', { stage });
    const emailFrom = props.emailFrom ?? `no-reply@${stage}.dossier.invalid`;
    const roles = new FunctionRoles(this, 'FunctionRoles', { stage, table: data, serviceSecret: secret, emailIdentity: emailFrom.slice(emailFrom.indexOf('@') + 1) });
    const tenantAccess = new TenantDataAccess(this, 'TenantDataAccess', { stage, table: data, trustedRoles: [roles.api, roles.accounts] });
    // Exports are written by the workers and fetched through links the API functions sign.
    const files = new FileBucket(this, 'Files');
    files.grantExports(roles.worker, 'write');
    files.grantExports(roles.api, 'read');

    // The variables shared/runtime/config.ts reads.
    const environment = {
      DOSSIER_STAGE: stage,
      DOSSIER_TABLE: data.table.tableName,
      DOSSIER_KEY_PROVIDER: 'kms',
      DOSSIER_USAGE_PLANS: 'api-gateway',
      DOSSIER_SERVICE_SECRET_ARN: secret.secretArn,
      DOSSIER_FILES_BUCKET: files.bucket.bucketName,
      DOSSIER_NOTIFY: 'aws',
      DOSSIER_EMAIL_FROM: emailFrom,
      POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
      // Business counters as EMF lines on stdout (shared/runtime/metrics.ts); the namespace is also
      // set in code, this names it for anyone reading the function's configuration.
      DOSSIER_METRICS: 'stdout',
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      // Never record a handler's answer in a trace: answers carry customers' values.
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      NODE_OPTIONS: '--enable-source-maps',
    };
    // The X-Ray SDK (Powertools Tracer) runs in the workers only; the API functions have Lambda's
    // and API Gateway's active tracing without it (docs/decisions.md, "Tracer on workers only").
    const tracing = { api: { POWERTOOLS_TRACE_ENABLED: 'false' }, workers: { POWERTOOLS_TRACE_ENABLED: 'true' } };
    // One log group for the API functions, one for the workers (jobs, consumers, stream functions).
    const logGroups = { api: new LogGroup(this, 'ApiLogs', { retention: LOG_RETENTION }), workers: new LogGroup(this, 'WorkerLogs', { retention: LOG_RETENTION }) };
    const settings = (overrides: Pick<FunctionSettings, 'role' | 'defaultTimeoutSeconds'> & { environment?: Record<string, string>; logs?: keyof typeof logGroups }): FunctionSettings => ({
      stage,
      role: overrides.role,
      defaultTimeoutSeconds: overrides.defaultTimeoutSeconds,
      logGroup: logGroups[overrides.logs ?? 'workers'],
      environment: { ...environment, ...tracing[overrides.logs ?? 'workers'], ...overrides.environment },
    });
    const queues = new QueueFleet(this, 'Queues');

    const http = new DossierApi(this, 'Http', { stage, logRetention: LOG_RETENTION, throttle: { rateLimit: 100, burstLimit: 200 }, waf: props.waf ?? false });
    if (props.waf) new WebFirewall(this, 'Firewall', { stage, apiStage: http.api.deploymentStage });
    // Only API functions act for one tenant at a time, so only they are told the tenant role.
    const apiEnvironment = {
      DOSSIER_TENANT_ROLE_ARN: tenantAccess.role.roleArn,
      // Sign-up creates tenant keys whose key policy names these roles (see KmsKeyProvider).
      DOSSIER_KEY_USER_ROLE_ARNS: roles.all().map((role) => role.roleArn).join(','),
      DOSSIER_KEY_MANAGER_ROLE_ARNS: roles.accounts.roleArn,
      // Sign-ups create KMS keys: per source address an hour, and per stage a day (tenant-signup.ts).
      DOSSIER_SIGNUPS_PER_SOURCE_HOUR: String(SIGN_UPS_PER_SOURCE_HOUR),
      DOSSIER_SIGNUPS_PER_DAY: String(props.signUpsPerDay ?? SIGN_UPS_PER_DAY),
    };
    const apiSettings = (area: string) =>
      settings({ role: ACCOUNT_AREAS.has(area) ? roles.accounts : roles.api, defaultTimeoutSeconds: ROUTE_TIMEOUT_SECONDS, logs: 'api', environment: apiEnvironment });
    // The authorizer runs as the API role: it reads the caller's user or key through the tenant role.
    const throttling = served.routes.some((route) => route.access !== 'public')
      ? new TenantThrottling(this, 'TenantThrottling', { stage, api: http.api, settings: apiSettings('authorizer') })
      : undefined;
    new ApiFunctions(this, 'ApiFunctions', {
      api: http.api,
      routes: served.routes,
      settingsFor: apiSettings,
      ...(throttling ? { authorizer: throttling.authorizer } : {}),
    });

    const bus = new EventBus(this, 'Events', { eventBusName: `dossier-${stage}`, description: `Dossier ${stage} domain events` });
    const workerRoles = { worker: roles.worker, messaging: roles.messaging, delivery: roles.delivery, closing: roles.closing };
    const jobs = new ScheduledJobs(this, 'ScheduledJobs', {
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

    // The console's bucket, distribution and deployment copier live in a nested stack: they share
    // nothing with the API's resources but its address, and keep the main stack's count for routes.
    const consoleStack = new NestedStack(this, 'ConsoleSite', { description: `Dossier ${stage}: the staff console (S3 + CloudFront)` });
    const site = new ConsoleSite(consoleStack, 'Console', { stage, api: http.api, assetsDirectory: props.consoleAssets });
    new CfnOutput(this, 'ConsoleUrl', { value: `https://${site.distribution.distributionDomainName}` });

    // Alarms, their topic and the dashboard in a nested stack too: an operator's view of the API,
    // which it only reads (names and ARNs), and 20 resources fewer in the main stack's count.
    const operationsStack = new NestedStack(this, 'OperationsWatch', { description: `Dossier ${stage}: alarms, their topic and the dashboard` });
    const watch = new OperationsWatch(operationsStack, 'Operations', {
      stage,
      alarmEmail: props.alarmEmail,
      api: http.api,
      table: data.table,
      jobs: jobs.functions,
      jobNames: served.schedules.map((job) => job.name),
      deadLetterQueues: queues.deadLetterQueues(),
    });

    new CfnOutput(this, 'ApiUrl', { value: http.api.url });
    new CfnOutput(this, 'AlarmTopicArn', { value: watch.alarmTopic.topicArn });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: files.bucket.bucketName });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'TenantRoleArn', { value: tenantAccess.role.roleArn });
  }
}
