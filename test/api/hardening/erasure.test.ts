import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, get, listAll, post, useRuntime } from '#test/fixtures/api-client';
import { customerBody, newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { drain, rowsOfCsv } from '#test/fixtures/spreadsheets';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';

/**
 * Erasure must finish whatever happens. The runtime is killed (SIGKILL, as a Lambda timing out
 * would be) in the middle of an erasure, then started again on the same table: the customer must
 * stay gone, its records must not show anywhere, and sending DELETE again (or the daily job) must
 * finish the work. The table is read directly only to time the kill and to count what is left.
 */
const table = `erasure-${randomUUID()}`;
let dataDir: string;
let runtime: RuntimeProcess;
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
  dataDir = await mkdtemp(path.join(tmpdir(), 'dossier-erasure-'));
  await start();
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

const collection = (tenantId: string, customerId: string) => `T#${tenantId}#C#${customerId}`;
const leftOf = async (tenant: TestTenant, customerId: string) =>
  (await db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': collection(tenant.id, customerId) } }))).Items ?? [];

/** A customer with an open complaint, a pending payment, an open follow-up, a coupon, and a long history. */
const busyCustomer = async (tenant: TestTenant) => {
  const customer = await newCustomer(tenant.token);
  const base = `/v1/customers/${customer.id}`;
  const complaint = await post(`${base}/feedback`, { type: 'complaint', content: '茶凉了' }, tenant.token);
  await post(`${base}/payments`, { dueAt: daysAgo(5), amount: { amount: 5000, currency: 'CNY' } }, tenant.token);
  const followup = await post(`${base}/followups`, { dueAt: daysAgo(-1), title: 'Call back' }, tenant.token);
  const coupon = await post(`${base}/coupons`, { kind: 'amount', value: 1000 }, tenant.token);
  for (let batch = 0; batch < 15; batch += 1) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(`${base}/interactions`, { occurredAt: daysAgo(batch + i / 10 + 1), channel: 'phone', direction: 'inbound', topic: `call ${batch}-${i}` }, tenant.token),
      ),
    );
  }
  return { customer, complaintId: complaint.body.id as string, followupId: followup.body.id as string, couponCode: coupon.body.code as string };
};

/** Sends DELETE and kills the runtime the moment the erasure has begun, then starts it again. */
const eraseAndKill = async (tenant: TestTenant, customerId: string) => {
  const deleting = call('DELETE', `/v1/customers/${customerId}`, { token: tenant.token }).catch(() => undefined);
  for (;;) {
    const profile = (await db.send(new GetCommand({ TableName: table, Key: { PK: collection(tenant.id, customerId), SK: 'PROFILE' } }))).Item;
    if (!profile || profile.closing) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  runtime.child.kill('SIGKILL');
  await runtime.stop();
  await deleting;
  await start();
};

const nothingListed = async (tenant: TestTenant, busy: Awaited<ReturnType<typeof busyCustomer>>) => {
  const complaints = await listAll<{ id: string }>('/v1/feedback?status=open', tenant.token);
  const followups = await listAll<{ id: string }>('/v1/followups?status=open', tenant.token);
  expect(complaints.map((record) => record.id)).not.toContain(busy.complaintId);
  expect(followups.map((record) => record.id)).not.toContain(busy.followupId);
  expect((await get(`/v1/customers/${busy.customer.id}`, tenant.token)).status).toBe(404);
  expect((await get(`/v1/customers/${busy.customer.id}/timeline`, tenant.token)).status).toBe(404);
};

describe('erasure stopped half-way', () => {
  // Each test writes 150 records and restarts the runtime: minutes on a loaded 2-core machine.
  it('shows nothing of the customer meanwhile, takes no writes, and a second DELETE finishes it', { timeout: 240_000 }, async () => {
    const tenant = await newTenant();
    const busy = await busyCustomer(tenant);
    const neighbour = await busyCustomer(tenant);

    await eraseAndKill(tenant, busy.customer.id);

    await nothingListed(tenant, busy);
    const late = await post(`/v1/customers/${busy.customer.id}/interactions`, { occurredAt: daysAgo(0), channel: 'phone', direction: 'inbound', topic: 'late' }, tenant.token);
    expect(late.status).toBe(404);
    const nightly = await post('/_local/jobs/refresh-customer-scores', { at: daysAgo(-1) });
    expect(nightly.status).toBe(200);

    const again = await call('DELETE', `/v1/customers/${busy.customer.id}`, { token: tenant.token });

    expect(again.status).toBe(204);
    expect(await leftOf(tenant, busy.customer.id)).toEqual([]);
    expect((await post(`/v1/coupons/${busy.couponCode}/redeem`, {}, tenant.token)).status).toBe(404);
    expect((await post('/v1/customers', customerBody({ phone: busy.customer.body.phone }), tenant.token)).status).toBe(201);
    expect((await call('DELETE', `/v1/customers/${busy.customer.id}`, { token: tenant.token })).status).toBe(404);
    // The customer next door keeps everything.
    expect((await listAll<{ id: string }>('/v1/feedback?status=open', tenant.token)).map((record) => record.id)).toContain(neighbour.complaintId);
    expect((await leftOf(tenant, neighbour.customer.id)).length).toBeGreaterThan(150);
  });

  it('is finished by the daily job when nobody sends DELETE again', { timeout: 240_000 }, async () => {
    const tenant = await newTenant();
    const busy = await busyCustomer(tenant);

    await eraseAndKill(tenant, busy.customer.id);
    await nothingListed(tenant, busy);
    const soon = await post('/_local/jobs/apply-retention', { at: new Date(Date.now() + 60_000).toISOString() });
    const leftSoon = (await leftOf(tenant, busy.customer.id)).length;
    const later = await post('/_local/jobs/apply-retention', { at: new Date(Date.now() + 3600_000).toISOString() });

    expect(soon.status).toBe(200);
    // Within its grace period an erasure may still be running in its request: left alone.
    expect(leftSoon).toBeGreaterThan(0);
    expect(later.status).toBe(200);
    expect(await leftOf(tenant, busy.customer.id)).toEqual([]);
    expect((await call('DELETE', `/v1/customers/${busy.customer.id}`, { token: tenant.token })).status).toBe(404);
  });

  it("counts nowhere in the archive's views meanwhile: segments, reports, exports, invitations", { timeout: 120_000 }, async () => {
    const tenant = await newTenant();
    const busy = await busyCustomer(tenant);
    const neighbour = { customer: await newCustomer(tenant.token) };
    await post(`/v1/customers/${neighbour.customer.id}/feedback`, { type: 'complaint', content: '茶太烫' }, tenant.token);
    // Each buys once (the segment below is everyone who bought); the busy one also has an overdue follow-up.
    await post(`/v1/customers/${busy.customer.id}/transactions`, purchase(88_800, daysAgo(3)), tenant.token);
    await post(`/v1/customers/${neighbour.customer.id}/transactions`, purchase(1_200, daysAgo(3)), tenant.token);
    await post(`/v1/customers/${busy.customer.id}/followups`, { dueAt: daysAgo(2), title: 'Overdue' }, tenant.token);
    const segment = await post('/v1/segments', { name: 'buyers', filter: { minOrderCount: 1 } }, tenant.token);
    await drain();
    const before = await get('/v1/reports/summary', tenant.token);
    expect(before.body).toMatchObject({ customers: 2, complaints: { open: 2 }, overdueFollowups: 1 });

    // The runtime is killed mid-erasure and started again (it reads on from where its stream functions were).
    await eraseAndKill(tenant, busy.customer.id);
    await drain();
    // Still closing: the tombstone and most of its records are there.
    expect((await leftOf(tenant, busy.customer.id)).length).toBeGreaterThan(100);

    const summary = await get('/v1/reports/summary', tenant.token);
    const revenue = (summary.body.revenueByMonth as { revenue: { amount: number } }[]).reduce((total, month) => total + month.revenue.amount, 0);
    expect(summary.body).toMatchObject({ customers: 1, complaints: { open: 1 }, overdueFollowups: 0 });
    expect(revenue).toBe(1_200);
    const members = await listAll<{ id: string }>(`/v1/segments/${segment.body.id}/customers`, tenant.token);
    expect(members.map((member) => member.id)).toEqual([neighbour.customer.id]);
    const exported = await call('GET', '/v1/exports/customers?format=csv', { token: tenant.token });
    expect(rowsOfCsv(exported.text).slice(1).map((row) => row[0])).toEqual([neighbour.customer.id]);
    const campaign = await post('/v1/campaigns', { name: '品茶会', kind: 'event', startsAt: new Date().toISOString() }, tenant.token);
    await post(`/v1/campaigns/${campaign.body.id}/invite`, { segmentId: segment.body.id }, tenant.token);
    await drain();
    expect((await get(`/v1/campaigns/${campaign.body.id}`, tenant.token)).body.invitations).toMatchObject({ status: 'completed', invited: 1, failed: 0 });

    // Finished, the figures stay as they are.
    expect((await call('DELETE', `/v1/customers/${busy.customer.id}`, { token: tenant.token })).status).toBe(204);
    await drain();
    expect((await get('/v1/reports/summary', tenant.token)).body).toMatchObject({ customers: 1, complaints: { open: 1 }, overdueFollowups: 0, revenueByMonth: summary.body.revenueByMonth });
  });
});
