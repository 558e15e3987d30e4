import { randomUUID } from 'node:crypto';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { customerBody } from '#test/fixtures/customers';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';
import { signUpBody } from '#test/fixtures/tenants';
import { startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

let runtime: RuntimeProcess;
let receiver: Receiver;
const table = `outbox-${randomUUID()}`;

/** The tenant's changes still waiting in the outbox (a test may Scan; the product never does). */
const waitingChanges = async (tenantId: string): Promise<number> => {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let count = 0;
  for await (const page of paginateScan({ client }, { TableName: table })) {
    count += (page.Items ?? []).filter((item) => item.PK?.S === `T#${tenantId}#EVT#PENDING`).length;
  }
  client.destroy();
  return count;
};

// Its own runtime: failing the bus of the shared one would fail every other suite's events too.
beforeAll(async () => {
  receiver = await startReceiver();
  runtime = await startRuntimeProcess({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    DOSSIER_TABLE: table,
    DOSSIER_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'dossier-outbox-')),
    DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '1',
    DOSSIER_LOCAL_SCHEDULER: 'off',
  });
});

afterAll(async () => {
  await runtime.stop();
  await receiver.close();
});

const send = async (method: string, route: string, body?: unknown, token?: string) => {
  const response = await fetch(`${runtime.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('the outbox when the bus fails', () => {
  it('loses no event: what the stream gave up on while the bus was down is published once it heals', async () => {
    const { body: signedUp } = await send('POST', '/v1/tenants', signUpBody());
    const token = signedUp.token as string;
    expect((await send('POST', '/v1/webhooks', { url: receiver.url, events: ['customer.created'] }, token)).status).toBe(201);
    expect((await send('POST', '/_local/bus', { failing: true })).status).toBe(200);

    const customers = await Promise.all(Array.from({ length: 5 }, () => send('POST', '/v1/customers', customerBody(), token)));
    await send('POST', '/_local/drain');
    const whileDown = (await send('GET', `/_local/events?tenantId=${signedUp.tenant.id}`)).body.items.length;
    const waitingWhileDown = await waitingChanges(signedUp.tenant.id);
    await send('POST', '/_local/bus', { failing: false });
    await send('POST', '/_local/drain');
    const beforeSweep = receiver.received.length;
    const swept = await send('POST', '/_local/jobs/republish-events', { at: later(3 * 60 * 1000) });
    await send('POST', '/_local/drain');
    const sweptAgain = await send('POST', '/_local/jobs/republish-events', { at: later(6 * 60 * 1000) });
    await send('POST', '/_local/drain');

    expect(whileDown).toBe(0);
    expect(beforeSweep).toBe(0);
    expect(swept.body.result).toMatchObject({ republished: 5, failed: 0 });
    expect(receiver.received.map((request) => request.event.data.customerId).sort()).toEqual(customers.map((customer) => customer.body.id).sort());
    expect(new Set(receiver.received.map((request) => request.id)).size).toBe(5);
    expect(sweptAgain.body.result).toMatchObject({ republished: 0 });
    expect(waitingWhileDown).toBe(5);
    expect(await waitingChanges(signedUp.tenant.id)).toBe(0);
  }, 180_000); // The sweep and drains on its own runtime: 5 s alone, past 60 s beside the 5,000-row import on 2 cores.

  it('publishes the changes a tenant made before it closed, which the stream gave up on', async () => {
    const { body: signedUp } = await send('POST', '/v1/tenants', signUpBody());
    expect((await send('POST', '/_local/bus', { failing: true })).status).toBe(200);
    const customer = await send('POST', '/v1/customers', customerBody(), signedUp.token);
    await send('POST', '/_local/drain');

    const closed = await fetch(`${runtime.url}/v1/tenant`, { method: 'DELETE', headers: { authorization: `Bearer ${signedUp.token}` } });
    await send('POST', '/_local/bus', { failing: false });
    await send('POST', '/_local/drain');
    const swept = await send('POST', '/_local/jobs/republish-events', { at: later(3 * 60 * 1000) });

    expect([202, 204], await closed.text()).toContain(closed.status);
    expect(swept.body.result.failed).toBe(0);
    const published = (await send('GET', `/_local/events?tenantId=${signedUp.tenant.id}`)).body.items as { type: string; data: { customerId?: string } }[];
    expect(published.filter((event) => event.type === 'customer.created').map((event) => event.data.customerId)).toEqual([customer.body.id]);
    expect(await waitingChanges(signedUp.tenant.id)).toBe(0);
  });

  it('leaves in the outbox no change the stream published', async () => {
    const { body: signedUp } = await send('POST', '/v1/tenants', signUpBody());

    expect((await send('POST', '/v1/customers', customerBody(), signedUp.token)).status).toBe(201);
    await send('POST', '/_local/drain');

    expect((await send('GET', `/_local/events?tenantId=${signedUp.tenant.id}`)).body.items.map((event: { type: string }) => event.type)).toContain('customer.created');
    expect(await waitingChanges(signedUp.tenant.id)).toBe(0);
  });
});
