import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, useRuntime } from '#test/fixtures/api-client';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';

/**
 * Each sign-up creates a tenant key (KMS: $1 a month, and a finite quota per account). With the
 * limits the stack sets (here 2 an hour per source address), a flood of sign-ups gets 429 before
 * any key is made.
 */
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    DOSSIER_TABLE: `signup-flood-${Date.now()}`,
    DOSSIER_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'dossier-signup-flood-')),
    DOSSIER_LOCAL_SCHEDULER: 'off',
    DOSSIER_SIGNUPS_PER_SOURCE_HOUR: '2',
  });
  useRuntime(runtime.url);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

const signUp = (slug: string) => call('POST', '/v1/tenants', { body: { name: slug, slug, ownerEmail: `owner@${slug}.example.com`, ownerPassword: 'flood-password-1' } });
const keyCalls = async () => (await call('GET', '/_local/stats')).body.keyProviderCalls as number;

describe('a flood of sign-ups', () => {
  it('is refused from one source address past its hourly limit, with Retry-After, before any key is made', async () => {
    const stamp = Date.now();
    expect((await signUp(`flood-a-${stamp}`)).status).toBe(201);
    expect((await signUp(`flood-b-${stamp}`)).status).toBe(201);
    const before = await keyCalls();

    const third = await signUp(`flood-c-${stamp}`);

    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await keyCalls()).toBe(before);
    expect((await call('POST', '/v1/auth/login', { body: { tenantSlug: `flood-c-${stamp}`, email: `owner@flood-c-${stamp}.example.com`, password: 'flood-password-1' } })).status).toBe(401);
  });

});
