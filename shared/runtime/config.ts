import path from 'node:path';

/**
 * The environment, read in one place. The CDK stack sets these on every function, the local
 * runtime sets them before it loads any handler, the scripts read their own settings here too.
 * Read lazily, once, so tests and the local launcher can set the environment first.
 */
export interface RuntimeConfig {
  stage: string;
  tableName: string;
  region: string;
  dynamoEndpoint: string | undefined;
  keyProvider: 'local' | 'kms';
  dataDir: string;
  inMemory: boolean;
  serviceSecretArn: string | undefined;
  tenantRoleArn: string | undefined;
  /** Roles a new tenant key's policy lets use it at once (the stack's function roles). */
  keyUserRoleArns: string[];
  keyManagerRoleArns: string[];
  /**
   * Sign-ups allowed per source address an hour, and in the whole stage a day (each creates a KMS
   * key at $1 a month); unset, unlimited (local runs and tests). The stack sets both.
   */
  signUpLimits: { perSourceHour?: number | undefined; perStageDay?: number | undefined };
  /** The EventBridge bus published events go to (the stream function in AWS). */
  eventBusName: string | undefined;
  /** The S3 bucket exports are written to and downloaded from (AWS); the local runtime keeps files itself. */
  filesBucket: string | undefined;
  /** Each scheduled job's per-tenant work queue URL, by job name (set by the stack on the job's functions). */
  workQueues: Readonly<Record<string, string>>;
  recordCapacity: boolean;
  allowPrivateWebhooks: boolean;
  /** scrypt's cost as log2(N): 17 unless the test suite lowers it (14–20 accepted). */
  scryptLogN: number;
  /** The local runtime's listening port (0: any free one) and address. */
  port: number;
  host: string;
  /** Where messages to customers go: SES and SNS (`aws`, set by the stack) or the local outbox files. */
  notify: 'local' | 'aws';
  /** The verified SES sender of the stage's email. */
  emailFrom: string | undefined;
  /** Whether the local runtime fires the manifest's schedules on the clock (DOSSIER_LOCAL_SCHEDULER=off for tests). */
  localScheduler: boolean;
  /** Where the seed script finds a running Dossier. */
  dossierUrl: string;
}

const flag = (value: string | undefined): boolean => value === '1' || value === 'true';

const parseWorkQueues = (value: string | undefined): Record<string, string> => {
  if (!value) return {};
  const parsed = JSON.parse(value) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('DOSSIER_WORK_QUEUES must be a JSON object of job name to queue URL');
  return Object.fromEntries(Object.entries(parsed).map(([job, url]) => [job, String(url)]));
};

const scryptCost = (value: string | undefined): number => {
  const configured = Number(value ?? 17);
  return Number.isInteger(configured) && configured >= 14 && configured <= 20 ? configured : 17;
};

const readConfig = (env: NodeJS.ProcessEnv): RuntimeConfig => ({
  stage: env.DOSSIER_STAGE ?? 'local',
  tableName: env.DOSSIER_TABLE ?? 'dossier',
  region: env.AWS_REGION ?? 'us-east-1',
  dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
  keyProvider: env.DOSSIER_KEY_PROVIDER === 'kms' ? 'kms' : 'local',
  dataDir: path.resolve(env.DOSSIER_DATA_DIR ?? '.dossier'),
  inMemory: flag(env.DOSSIER_IN_MEMORY),
  serviceSecretArn: env.DOSSIER_SERVICE_SECRET_ARN || undefined,
  tenantRoleArn: env.DOSSIER_TENANT_ROLE_ARN || undefined,
  keyUserRoleArns: (env.DOSSIER_KEY_USER_ROLE_ARNS ?? '').split(',').map((arn) => arn.trim()).filter(Boolean),
  signUpLimits: { perSourceHour: positive(env.DOSSIER_SIGNUPS_PER_SOURCE_HOUR), perStageDay: positive(env.DOSSIER_SIGNUPS_PER_DAY) },
  keyManagerRoleArns: (env.DOSSIER_KEY_MANAGER_ROLE_ARNS ?? '').split(',').map((arn) => arn.trim()).filter(Boolean),
  eventBusName: env.DOSSIER_EVENT_BUS || undefined,
  filesBucket: env.DOSSIER_FILES_BUCKET || undefined,
  workQueues: parseWorkQueues(env.DOSSIER_WORK_QUEUES),
  recordCapacity: flag(env.DOSSIER_RECORD_CAPACITY),
  allowPrivateWebhooks: flag(env.DOSSIER_ALLOW_PRIVATE_WEBHOOKS),
  scryptLogN: scryptCost(env.DOSSIER_SCRYPT_LOG_N),
  port: Number(env.PORT ?? 3000),
  host: env.HOST ?? '127.0.0.1',
  localScheduler: env.DOSSIER_LOCAL_SCHEDULER !== 'off',
  notify: env.DOSSIER_NOTIFY === 'aws' ? 'aws' : 'local',
  emailFrom: env.DOSSIER_EMAIL_FROM || undefined,
  dossierUrl: env.DOSSIER_URL ?? 'http://localhost:3000',
});

let current: RuntimeConfig | undefined;

const positive = (value: string | undefined): number | undefined => {
  const parsed = value === undefined || value === '' ? undefined : Number(value);
  return parsed !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
};

export const config = (): RuntimeConfig => (current ??= readConfig(process.env));

/** For the local launcher and tests that start a runtime with a different environment. */
export const resetConfig = (): void => {
  current = undefined;
};

/**
 * Sets variables for this process and the children it starts, and reads the configuration again
 * (the local runtime names the DynamoDB Local it started; the benchmark points itself at its table).
 */
export const applyEnvironment = (values: Record<string, string>): RuntimeConfig => {
  Object.assign(process.env, values);
  resetConfig();
  return config();
};

/** The environment of a child process: this one's, with `overrides`. */
export const childEnvironment = (overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({ ...process.env, ...overrides });

/** Where `cdk deploy` deploys: the account and region of the deploying credentials (none for an offline synth). */
export const deployTarget = (): { account: string | undefined; region: string | undefined } => ({
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
