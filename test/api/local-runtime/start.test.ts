import { spawnSync } from 'node:child_process';
import { mkdtemp, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { contractFetch } from '#test/fixtures/answer-contract';
import { childProcessesNamed, isAlive, projectRoot, startRuntimeProcess } from '#test/fixtures/runtime-process';

const json = async (url: string, init?: RequestInit) => {
  const response = await contractFetch(url, init);
  return { status: response.status, body: (await response.json()) as any };
};

describe('npm start (the local runtime contract)', () => {
  it('starts its own DynamoDB Local, serves the API, and leaves no Java process behind on SIGTERM', async () => {
    const runtime = await startRuntimeProcess({ DOSSIER_IN_MEMORY: '1', DYNAMODB_ENDPOINT: '' });
    const javaPids = childProcessesNamed(runtime.child.pid!, 'java');
    expect(javaPids).toHaveLength(1);

    expect(await json(`${runtime.url}/v1/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    const code = await runtime.stop('SIGTERM');

    expect(code).toBe(0);
    await sleep(200);
    expect(isAlive(javaPids[0]!)).toBe(false);
  });

  // Starts DynamoDB Local (Java) twice: allowed longer than the suite's default on a loaded machine.
  it('keeps tenants, keys and secrets under DOSSIER_DATA_DIR across restarts, readable only by its owner', { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dossier-data-'));
    const first = await startRuntimeProcess({ DOSSIER_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' });
    const signUp = await json(`${first.url}/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Persisted', slug: 'persisted', ownerEmail: 'o@persisted.example.com', ownerPassword: 'persisted-password' }),
    });
    expect(signUp.status).toBe(201);
    await first.stop();

    const second = await startRuntimeProcess({ DOSSIER_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' });
    const login = await json(`${second.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantSlug: 'persisted', email: 'o@persisted.example.com', password: 'persisted-password' }),
    });
    await second.stop();

    expect(login.status).toBe(200);
    const keyFile = await stat(path.join(dataDir, 'keys', `${signUp.body.tenant.id}.key`));
    const secretFile = await stat(path.join(dataDir, 'service-secret'));
    expect(keyFile.mode & 0o777).toBe(0o600);
    expect(secretFile.mode & 0o777).toBe(0o600);
  });

  it('uses DYNAMODB_ENDPOINT and creates the table DOSSIER_TABLE names', async () => {
    const endpoint = inject('dynamoEndpoint');
    const table = `custom-${Date.now()}`;

    const runtime = await startRuntimeProcess({ DOSSIER_IN_MEMORY: '1', DYNAMODB_ENDPOINT: endpoint, DOSSIER_TABLE: table });
    await runtime.stop();

    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    client.destroy();
    expect(described.Table?.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(described.Table?.GlobalSecondaryIndexes?.length).toBeGreaterThan(0);
  });

  it('says plainly that Java 17 is needed when java is missing', async () => {
    // A PATH holding node and nothing else (here node and java share /usr/bin).
    const bin = await mkdtemp(path.join(tmpdir(), 'dossier-nojava-'));
    await symlink(process.execPath, path.join(bin, 'node'));

    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/local/start.ts'], {
      cwd: projectRoot,
      env: { ...process.env, PATH: bin, DYNAMODB_ENDPOINT: '', DOSSIER_IN_MEMORY: '1', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Java 17');
  });

  it('runs as `npm start` and stops on Ctrl-C', async () => {
    const runtime = await startRuntimeProcess(
      { DOSSIER_IN_MEMORY: '1', DYNAMODB_ENDPOINT: '' },
      { file: 'npm', args: ['start', '--silent'] },
    );

    expect((await json(`${runtime.url}/v1/health`)).status).toBe(200);

    process.kill(-runtime.child.pid!, 'SIGINT');
    await runtime.stop('SIGINT');

    await expect(fetch(`${runtime.url}/v1/health`)).rejects.toThrow();
  });
});
