import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';
import { signUpBody } from '#test/fixtures/tenants';

let runtime: RuntimeProcess;

// A runtime as deployed: without DOSSIER_ALLOW_PRIVATE_WEBHOOKS, loopback is as refused as any private address.
beforeAll(async () => {
  runtime = await startRuntimeProcess({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    DOSSIER_TABLE: `loopback-${randomUUID()}`,
    DOSSIER_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'dossier-loopback-')),
    DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '',
    DOSSIER_LOCAL_SCHEDULER: 'off',
  });
});

afterAll(async () => {
  await runtime.stop();
});

const send = async (method: string, route: string, body: unknown, token?: string) => {
  const response = await fetch(`${runtime.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('webhook URLs without the local setting', () => {
  it('refuses loopback URLs, plain http among them, listing the field', async () => {
    const signedUp = await send('POST', '/v1/tenants', signUpBody());
    const token = signedUp.body.token as string;

    const answers = await Promise.all(
      ['http://127.0.0.1:8080/hook', 'https://127.0.0.1/hook', 'https://[::1]/hook', 'https://localhost/hook', 'https://[::ffff:127.0.0.1]/hook'].map((url) =>
        send('POST', '/v1/webhooks', { url, events: ['*'] }, token),
      ),
    );

    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((error: { path: string }) => error.path)).toEqual(['url']);
    }
  });
});
