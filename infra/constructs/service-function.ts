import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { projectFile, projectRoot } from '../project-paths.ts';

/** What every manifest entry (route, schedule or consumer) says about its function. */
export interface FunctionEntry {
  name: string;
  handler: string;
  summary: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** npm package files the function reads at run time, copied beside its bundle (manifest `packageFiles`). */
  packageFiles?: readonly string[];
}

/** What the stack decides once for a family of functions. */
export interface FunctionSettings {
  stage: string;
  role: IRole;
  environment: Record<string, string>;
  /**
   * Where the function logs (JSON; Powertools puts the function's name in every line). Functions
   * of a family share one log group: one retention to set, one group to query, and a log group
   * per function was a sixth of the stack's resources.
   */
  logGroup: ILogGroup;
  /** Used when the entry names no timeout: 29 s for routes (API Gateway's limit), longer for jobs. */
  defaultTimeoutSeconds: number;
}

export interface ServiceFunctionProps {
  entry: FunctionEntry;
  settings: FunctionSettings;
  /** Where failed asynchronous invocations go (EventBridge-invoked functions). */
  deadLetterQueue?: IQueue;
}

const DEFAULT_MEMORY_MB = 512;

/**
 * One bundling recipe for every function. ESM output keeps top-level await and `import.meta`
 * working; CommonJS dependencies bundled into ESM still call `require`, which ESM lacks, so the
 * banner defines one (under an alias, so it can't clash with a bundled `createRequire` import).
 * `@aws-sdk/*` stays out of the bundle because the Node 22 runtime ships SDK v3.
 */
export const bundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: ['@aws-sdk/*'],
  banner: "import { createRequire as __dossierCreateRequire } from 'node:module'; const require = __dossierCreateRequire(import.meta.url);",
};

/**
 * The bundling of a function that reads package files at run time: after esbuild, they are copied
 * to `node_modules/<package>/…` beside the bundle, where Node's resolution finds them from the
 * bundle as it finds them from the source locally. Copied, not installed: synth stays offline.
 */
export const bundlingWith = (packageFiles: readonly string[] | undefined): BundlingOptions => {
  if (!packageFiles?.length) return bundling;
  const copy = (inputDir: string, outputDir: string) =>
    packageFiles.map((file) => `mkdir -p "${path.dirname(path.join(outputDir, 'node_modules', file))}" && cp "${path.join(inputDir, 'node_modules', file)}" "${path.join(outputDir, 'node_modules', file)}"`);
  return { ...bundling, commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: copy } };
};

export const pascalCase = (name: string): string =>
  name.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_match, _separator: string, letter: string) => letter.toUpperCase());

/**
 * A Lambda function for one manifest entry: the only place function props are written, so a
 * route, a job and a consumer differ only in the entry and the settings they are given.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { entry, settings, deadLetterQueue } = props;

    const functionName = `dossier-${settings.stage}-${entry.name}`;
    if (functionName.length > 64) throw new Error(`Function name ${functionName} is longer than Lambda's 64 characters: shorten the manifest name`);

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      description: entry.summary,
      entry: projectFile(entry.handler),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: projectFile('package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: entry.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(entry.timeoutSeconds ?? settings.defaultTimeoutSeconds),
      role: settings.role,
      environment: settings.environment,
      bundling: bundlingWith(entry.packageFiles),
      logGroup: settings.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      ...(deadLetterQueue ? { deadLetterQueue } : {}),
    });
    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 is the runtime DESIGN.md chooses and the one the local runtime and CI are held to; moving to a newer runtime is a deliberate upgrade of both, not a deploy-time drift.',
      },
    ]);
  }
}
