import path from 'node:path';

/**
 * The environment both runtimes configure: the CDK stack sets these on every function, the local
 * runtime sets them before it loads any handler. Read lazily, once, so tests and the local
 * launcher can set the environment first.
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
  recordCapacity: boolean;
  allowPrivateWebhooks: boolean;
}

const flag = (value: string | undefined): boolean => value === '1' || value === 'true';

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
  recordCapacity: flag(env.DOSSIER_RECORD_CAPACITY),
  allowPrivateWebhooks: flag(env.DOSSIER_ALLOW_PRIVATE_WEBHOOKS),
});

let current: RuntimeConfig | undefined;

export const config = (): RuntimeConfig => (current ??= readConfig(process.env));

/** For the local launcher and tests that start a runtime with a different environment. */
export const resetConfig = (): void => {
  current = undefined;
};
