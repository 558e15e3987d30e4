import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildConsoleIfStale } from '#scripts/web/console-build';
import { acquireDynamoDbLocal, releaseDynamoDbLocal } from './shared-dynamodb.ts';

/**
 * Starts the local runtime exactly as `npm start` does (a child process, its own table on the
 * shared DynamoDB Local, any free port) and hands the api suite its URL and its log file: the
 * black-box tests see only HTTP, and the log tests read what the runtime printed.
 */
export default async function setup(project: TestProject) {
  // The console suites open it in a browser: built here once, before any runtime serves it.
  await buildConsoleIfStale();
  const database = await acquireDynamoDbLocal();
  const workDir = await mkdtemp(path.join(tmpdir(), 'dossier-api-'));
  const runtimeLog = path.join(workDir, 'runtime.log');
  const log = createWriteStream(runtimeLog);
  const table = `api-${randomUUID()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local/start.ts'], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_ENDPOINT: database.endpoint,
      DOSSIER_TABLE: table,
      DOSSIER_DATA_DIR: workDir,
      DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '1',
      DOSSIER_LOCAL_SCHEDULER: 'off',
      DOSSIER_SCRYPT_LOG_N: '14',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`local runtime did not start:\n${seen}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString('utf8');
      const match = /Dossier listening on (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`local runtime exited (${code}):\n${seen}`)));
  });
  project.provide('apiUrl', url.replace('localhost', '127.0.0.1'));
  project.provide('runtimeLog', runtimeLog);
  project.provide('runtimeTable', table);
  project.provide('dynamoEndpoint', database.endpoint);

  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    log.end();
    await releaseDynamoDbLocal();
  };
}
