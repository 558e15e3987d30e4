import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resetDocumentClient } from '#shared/data/client';
import { resetKeyProvider } from '#shared/crypto/key-providers';
import { applyEnvironment, childEnvironment } from '#shared/runtime/config';
import { startDynamoDbLocal, type DynamoDbLocal } from '#scripts/local/dynamodb-local';
import { ensureTable } from '#scripts/local/table-setup';

/**
 * What the benchmark runs against: DynamoDB Local (in memory), the table from the shared
 * definition, and the local runtime as `npm start` runs it — a child process on a free port with
 * capacity recording on. This process points its own data layer at the same table and data
 * directory (local tenant keys, service secret), so direct calls, in-process seeding and the
 * nightly job read what the runtime wrote.
 */
export interface BenchEnvironment {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  /** A second table of the same definition, for metering transaction items as plain writes. */
  meterTableName: string;
  dataDir: string;
  runtimeOutput(): string;
  stop(): Promise<void>;
}

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

const startRuntime = async (env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local/start.ts'], {
    cwd: projectRoot,
    env: childEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The local runtime did not start within 90 s:\n${output}`)), 90_000);
    const watch = setInterval(() => {
      const match = /Dossier listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearInterval(watch);
      clearTimeout(timer);
      resolve(match[1]!.replace('localhost', '127.0.0.1'));
    }, 50);
    child.once('exit', (code) => {
      clearInterval(watch);
      clearTimeout(timer);
      reject(new Error(`The local runtime exited (${code}) before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output };
};

const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
};

export const startBenchEnvironment = async (): Promise<BenchEnvironment> => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-bench-'));
  const tableName = 'dossier-bench';
  let database: DynamoDbLocal | undefined;
  try {
    database = await startDynamoDbLocal();
    await ensureTable(database.endpoint, tableName);
    await ensureTable(database.endpoint, `${tableName}-meter`);
    const shared = {
      DYNAMODB_ENDPOINT: database.endpoint,
      DOSSIER_TABLE: tableName,
      DOSSIER_DATA_DIR: dataDir,
      DOSSIER_RECORD_CAPACITY: '1',
      // Password hashing at the test suite's cost: sign-in is measured, but not scrypt at 2^17.
      DOSSIER_SCRYPT_LOG_N: '14',
      // The webhook section's receiver listens on loopback.
      DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // The benchmark measures the functions: its one tenant sends far more than its plan's rate.
      DOSSIER_LOCAL_THROTTLE: 'off',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const runtime = await startRuntime({ ...shared, PORT: '0' });
    // This process: same table, same keys, same capacity recording (read lazily from the environment).
    applyEnvironment(shared);
    resetDocumentClient();
    resetKeyProvider();
    const db = database;
    return {
      url: runtime.url,
      dynamoEndpoint: db.endpoint,
      tableName,
      meterTableName: `${tableName}-meter`,
      dataDir,
      runtimeOutput: runtime.output,
      stop: async () => {
        await stopChild(runtime.child);
        resetDocumentClient();
        await db.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
};

/** The first line of `java -version`, for the record of the machine. */
export const javaVersion = (): string => {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (probe.stderr || probe.stdout || 'unknown').split('\n')[0]!.trim();
};
