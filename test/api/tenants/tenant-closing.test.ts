import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateScan, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, del, get, post, useRuntime } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';
import { expectProblem, newApiKey, newStaff, newTenant, type TestTenant } from '#test/fixtures/tenants';
import { drain, newWebhook, runJob, startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

/**
 * Closing a tenant must be final and must finish whatever happens. The runtime is the file's own
 * (its own table and key directory), made to fail like a KMS outage, killed mid-close (SIGKILL, as
 * a Lambda timing out would be) and started again on the same table; the daily `close-tenants`
 * job is run at chosen instants. The table is read directly only to time the kill and to show
 * what is left of a tenant (a test may Scan its own table; the product never does).
 */
const table = `closing-${randomUUID()}`;
let dataDir: string;
let runtime: RuntimeProcess;
let receiver: Receiver;
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

const start = async () => {
  runtime = await startRuntimeProcess({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    DOSSIER_TABLE: table,
    DOSSIER_DATA_DIR: dataDir,
    DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '1',
    DOSSIER_LOCAL_SCHEDULER: 'off',
  });
  useRuntime(runtime.url);
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dossier-closing-'));
  receiver = await startReceiver();
  await start();
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
  await receiver?.close();
});

const DAY_MS = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

const tenantItem = async (tenantId: string) => (await db.send(new GetCommand({ TableName: table, Key: { PK: `T#${tenantId}#TENANT`, SK: 'TENANT' }, ConsistentRead: true }))).Item;
const partition = async (pk: string) =>
  (await db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }))).Items ?? [];
const closingRegistry = async () =>
  ((await db.send(new QueryCommand({ TableName: table, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': 'TENANTS#CLOSING' } }))).Items ?? []).map((item) => item.id);
/** Every item of the table under the tenant's prefix. */
const itemsOf = async (tenantId: string) => {
  const found: Record<string, any>[] = [];
  const pages = paginateScan({ client: db }, { TableName: table, FilterExpression: 'begins_with(PK, :prefix)', ExpressionAttributeValues: { ':prefix': `T#${tenantId}#` } });
  for await (const page of pages) found.push(...(page.Items ?? []));
  return found;
};
const keysOf = (items: Record<string, any>[]) => items.map((item) => `${item.PK} ${item.SK}`).sort();
const keyFile = (tenantId: string) => path.join(dataDir, 'keys', `${tenantId}.key`);
/** The local usage plans' record of a tenant's usage key (its plan's throttle; API Gateway's API key in AWS). */
const usageKeyFile = (tenantId: string) => path.join(dataDir, 'usage-keys', `${tenantId}.json`);

const signIn = (tenant: TestTenant, who: { email: string; password: string }) => post('/v1/auth/login', { tenantSlug: tenant.slug, email: who.email, password: who.password });

/** Everyone who could act for the tenant before its close. */
const credentialsOf = async (tenant: TestTenant) => {
  const agent = await newStaff(tenant, 'agent');
  const apiKey = await newApiKey(tenant, ['customers:read', 'customers:write']);
  return { agent, apiKey };
};

const expectAllRefused = async (tenant: TestTenant, credentials: Awaited<ReturnType<typeof credentialsOf>>) => {
  expectProblem(await get('/v1/me', tenant.token), 401);
  expectProblem(await get('/v1/customers', credentials.agent.token), 401);
  expectProblem(await get('/v1/customers', credentials.apiKey.key), 401);
  expectProblem(await post('/v1/customers', { name: 'Too late' }, credentials.apiKey.key), 401);
  expectProblem(await signIn(tenant, { email: tenant.ownerEmail, password: tenant.ownerPassword }), 401);
  expectProblem(await signIn(tenant, credentials.agent), 401);
  // Nobody can send the close again: its sender is refused too, and the daily job finishes it.
  expectProblem(await del('/v1/tenant', tenant.token), 401);
};

describe('closing a tenant', () => {
  it('refuses every session, API key and sign-in the moment it is closing, even when its close could not finish, and the daily job finishes it', async () => {
    const tenant = await newTenant();
    const credentials = await credentialsOf(tenant);
    const neighbour = await newTenant();

    await post('/_local/kms', { failing: true });
    const answer = await del('/v1/tenant', tenant.token);
    await post('/_local/kms', { failing: false });

    expect(answer.status, answer.text).toBe(202);
    expect(answer.body).toMatchObject({ id: tenant.id, status: 'closing' });
    expect(Date.parse(answer.body.purgeAfter) - Date.parse(answer.body.closingSince)).toBe(30 * DAY_MS);
    // The key could not be scheduled for deletion, so the users and keys were not removed either:
    // they are refused because the tenant is closing.
    expect((await partition(`T#${tenant.id}#APIKEYS`)).length).toBe(1);
    expect(existsSync(keyFile(tenant.id))).toBe(true);
    await expectAllRefused(tenant, credentials);
    expect((await get('/v1/me', neighbour.token)).status).toBe(200);

    await runJob('close-tenants', new Date());

    expect(await tenantItem(tenant.id)).toMatchObject({ status: 'closing', keyDeletionScheduledAt: expect.any(String) });
    expect(existsSync(keyFile(tenant.id))).toBe(false);
    expect(await partition(`T#${tenant.id}#USERS`)).toEqual([]);
    expect(await partition(`T#${tenant.id}#APIKEYS`)).toEqual([]);
    await expectAllRefused(tenant, credentials);
    expect((await get('/v1/me', neighbour.token)).status).toBe(200);
    expect(existsSync(keyFile(neighbour.id))).toBe(true);
  });

  it('is finished by the daily job when the close is killed half-way, and schedules the key deletion once', async () => {
    const tenant = await newTenant();
    const credentials = await credentialsOf(tenant);
    // Enough API keys that removing them takes a while: the kill lands inside the close.
    for (let batch = 0; batch < 10; batch += 1) await Promise.all(Array.from({ length: 15 }, () => newApiKey(tenant, ['customers:read'])));

    const closing = call('DELETE', '/v1/tenant', { token: tenant.token }).catch(() => undefined);
    for (;;) {
      if ((await tenantItem(tenant.id))?.status !== 'active') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    runtime.child.kill('SIGKILL');
    await runtime.stop();
    await closing;
    await start();

    await expectAllRefused(tenant, credentials);
    await runJob('close-tenants', new Date());
    const finished = await tenantItem(tenant.id);
    const callsBefore = (await get('/_local/stats')).body.keyProviderCalls;
    await runJob('close-tenants', inDays(1));

    expect(finished).toMatchObject({ status: 'closing', keyDeletionScheduledAt: expect.any(String) });
    expect(existsSync(keyFile(tenant.id))).toBe(false);
    expect(await partition(`T#${tenant.id}#USERS`)).toEqual([]);
    expect(await partition(`T#${tenant.id}#APIKEYS`)).toEqual([]);
    expect((await tenantItem(tenant.id))?.keyDeletionScheduledAt).toBe(finished?.keyDeletionScheduledAt);
    expect((await get('/_local/stats')).body.keyProviderCalls).toBe(callsBefore);
    await expectAllRefused(tenant, credentials);
  });

  it('purges every item of the tenant 30 days after the close, its usage key with them, and nothing of another tenant', async () => {
    const tenant = await newTenant();
    const { agent } = await credentialsOf(tenant);
    const customer = await newCustomer(tenant.token, { externalIds: { pos: `M-${randomUUID().slice(0, 8)}` } });
    const base = `/v1/customers/${customer.id}`;
    await newWebhook(tenant.token, receiver.url);
    expect((await post(`${base}/transactions`, purchase(12_800, daysAgo(2), { externalId: `order-${randomUUID()}` }), tenant.token)).status).toBe(201);
    expect((await post(`${base}/coupons`, { kind: 'amount', value: 500 }, tenant.token)).status).toBe(201);
    const campaign = await post('/v1/campaigns', { name: 'Spring tasting', kind: 'event', startsAt: daysAgo(1) }, tenant.token);
    expect((await post(`${base}/participations`, { campaignId: campaign.body.id, status: 'attended' }, tenant.token)).status).toBe(201);
    const followup = await post(`${base}/followups`, { dueAt: daysAgo(1), title: 'Call back', assigneeUserId: agent.id }, tenant.token);
    expect(followup.status).toBe(201);
    await newCustomer(tenant.token);
    const neighbour = await newTenant();
    const theirs = await newCustomer(neighbour.token);
    await newWebhook(neighbour.token, receiver.url);
    expect((await post(`/v1/customers/${theirs.id}/transactions`, purchase(5_000), neighbour.token)).status).toBe(201);
    await runJob('followup-reminders', new Date());
    await drain();
    expect((await get('/v1/notifications', agent.token)).body.items).toHaveLength(1);
    const neighbourBefore = keysOf(await itemsOf(neighbour.id));
    const before = await itemsOf(tenant.id);

    const answer = await del('/v1/tenant', tenant.token);
    // A day later the follow-up would be escalated: a closing tenant's due work leaves its queue unhandled.
    await runJob('followup-reminders', inDays(1.1));
    const followupItem = (await partition(`T#${tenant.id}#C#${customer.id}`)).find((item) => item.id === followup.body.id);
    await runJob('close-tenants', inDays(29));
    const withinWindow = await itemsOf(tenant.id);
    const usageKeyWithinWindow = existsSync(usageKeyFile(tenant.id));
    await runJob('close-tenants', inDays(31));
    const after = await itemsOf(tenant.id);

    expect(answer.status, answer.text).toBe(204);
    expect((await get(`/_local/events?tenantId=${tenant.id}&type=followup.overdue`)).body.items).toEqual([]);
    expect(followupItem).toBeDefined();
    expect(followupItem).not.toHaveProperty('GSI5PK');
    // Within the window only the staff and keys are gone; the rest waits.
    expect(withinWindow.length).toBeGreaterThan(20);
    expect(withinWindow.filter((item) => item.PK === `T#${tenant.id}#C#${customer.id}`).length).toBe(before.filter((item) => item.PK === `T#${tenant.id}#C#${customer.id}`).length);
    // After it, nothing is left but the tombstone and what expires by itself (a TTL).
    expect(after.filter((item) => item.SK !== 'TENANT' && item.ttl === undefined).map((item) => `${item.PK} ${item.SK}`)).toEqual([]);
    const tombstone = await tenantItem(tenant.id);
    expect(tombstone).toMatchObject({ id: tenant.id, status: 'closed', purgedAt: expect.any(String), keyDeletionScheduledAt: expect.any(String), usageKeyRemovedAt: expect.any(String) });
    // The usage key outlives the close by the window (a cached gateway answer naming it still meets the function's 401), not the purge.
    expect(usageKeyWithinWindow).toBe(true);
    expect(existsSync(usageKeyFile(tenant.id))).toBe(false);
    expect(existsSync(usageKeyFile(neighbour.id))).toBe(true);
    expect(tombstone).not.toHaveProperty('name');
    expect(tombstone).not.toHaveProperty('settings');
    expect(await closingRegistry()).not.toContain(tenant.id);
    expect(keysOf(await itemsOf(neighbour.id))).toEqual(neighbourBefore);
    expect((await get(`/v1/customers/${theirs.id}`, neighbour.token)).status).toBe(200);
  });
});
