import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { del, get, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { expectProblem, newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';
import { deliveriesOf, drain, newWebhook, runJob, startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
});

const HOUR_MS = 3600 * 1000;

describe('webhook endpoints', () => {
  it('shows the secret on creation only, never in a list or a read', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created', 'transaction.recorded']);

    const listed = await get('/v1/webhooks', tenant.token);
    const read = await get(`/v1/webhooks/${webhook.id}`, tenant.token);

    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: webhook.id, events: ['customer.created', 'transaction.recorded'], status: 'enabled' })]);
    expect(listed.text).not.toContain('whsec_');
    expect(read.text).not.toContain('whsec_');
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('refuses metadata, private, IPv6 unique-local, IPv4-mapped and non-http(s) URLs, listing the field', async () => {
    const tenant = await newTenant();
    const refused = [
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/hook',
      'https://192.168.1.20/hook',
      'https://[fd00:ec2::254]/hook',
      'https://[::ffff:169.254.169.254]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'ftp://hooks.example.com/hook',
      'javascript:alert(1)',
      'not a url',
    ];

    const answers = await Promise.all(refused.map((url) => post('/v1/webhooks', { url, events: ['*'] }, tenant.token)));

    for (const answer of answers) {
      expectProblem(answer, 400, 'validation-failed');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).toEqual(['url']);
    }
  });

  it('lists every bad field of a registration at once', async () => {
    const tenant = await newTenant();

    const answer = await post('/v1/webhooks', { url: 'http://10.1.2.3', events: ['customer.exploded', '*'], secret: 'mine' }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['events.0', 'secret', 'url']);
  });

  it('changes an endpoint with If-Match, refusing a stale version', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url);

    const changed = await patch(`/v1/webhooks/${webhook.id}`, { events: ['feedback.received'], description: '客服系统' }, tenant.token, { 'if-match': '"1"' });
    const stale = await patch(`/v1/webhooks/${webhook.id}`, { status: 'disabled' }, tenant.token, { 'if-match': '"1"' });

    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ events: ['feedback.received'], description: '客服系统', version: 2 });
    expectProblem(stale, 412, 'precondition-failed');
  });

  it('removes an endpoint and its deliveries', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url);
    await newCustomer(tenant.token);
    await drain();

    const removed = await del(`/v1/webhooks/${webhook.id}`, tenant.token);

    expect(removed.status).toBe(204);
    expectProblem(await get(`/v1/webhooks/${webhook.id}`, tenant.token), 404);
    expectProblem(await get(`/v1/webhooks/${webhook.id}/deliveries`, tenant.token), 404);
  });

  it("answers another tenant's endpoint with 404, and keeps webhooks to admins and the admin scope", async () => {
    const owner = await newTenant();
    const stranger = await newTenant();
    const webhook = await newWebhook(owner.token, receiver.url);
    const agent = await newStaff(owner, 'agent');
    const reader = await newApiKey(owner, ['customers:read']);

    expectProblem(await get(`/v1/webhooks/${webhook.id}`, stranger.token), 404);
    expectProblem(await post(`/v1/webhooks/${webhook.id}/test`, undefined, stranger.token), 404);
    expectProblem(await get('/v1/webhooks', agent.token), 403);
    expectProblem(await post('/v1/webhooks', { url: receiver.url, events: ['*'] }, reader.key), 403);
  });

  it('lists the event types with a JSON Schema of each, and the OpenAPI document has them as webhooks', async () => {
    const tenant = await newTenant();

    const catalogue = await get('/v1/event-types', tenant.token);
    const document = await get('/v1/openapi.json');

    const created = catalogue.body.items.find((entry: { type: string }) => entry.type === 'customer.created');
    expect(created.schema.properties.data.properties).toHaveProperty('customerId');
    expect(catalogue.body.items.map((entry: { type: string }) => entry.type)).toContain('webhook.disabled');
    expect(Object.keys(document.body.webhooks)).toEqual(catalogue.body.items.map((entry: { type: string }) => entry.type));
  });
});

describe('signing secrets', () => {
  it('signs with both secrets for 24 hours after a rotation, and with the new one only after', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);
    const rotated = await post(`/v1/webhooks/${webhook.id}/rotate-secret`, undefined, tenant.token);
    expect(rotated.status, rotated.text).toBe(200);
    const fresh = rotated.body.secret as string;

    receiver.answerWith(500);
    const customer = await newCustomer(tenant.token);
    await drain();
    await runJob('webhook-retries', new Date(Date.now() + 25 * HOUR_MS));

    const attempts = receiver.received.filter((request) => request.event.data.customerId === customer.id);
    expect(attempts).toHaveLength(2);
    expect(fresh).not.toBe(webhook.secret);
    expect(attempts[0]!.signature.split(' ')).toHaveLength(2);
    expect(receiver.verifiedWith(webhook.secret)).toContainEqual(attempts[0]);
    expect(receiver.verifiedWith(fresh)).toContainEqual(attempts[0]);
    expect(attempts[1]!.signature.split(' ')).toHaveLength(1);
    expect(receiver.verifiedWith(webhook.secret)).not.toContainEqual(attempts[1]);
    expect(receiver.verifiedWith(fresh)).toContainEqual(attempts[1]);
  });
});

describe('recovering deliveries', () => {
  it('re-sends the failed deliveries since a time once the receiver is back', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);
    receiver.answerWith(...Array.from({ length: 8 }, () => 500));
    await newCustomer(tenant.token);
    await drain();
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      const [pending] = await deliveriesOf(tenant.token, webhook.id);
      await runJob('webhook-retries', pending!.nextAttemptAt!);
    }
    const [failed] = await deliveriesOf(tenant.token, webhook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 8 });

    const recovered = await post(`/v1/webhooks/${webhook.id}/recover`, { since: new Date(Date.now() - HOUR_MS).toISOString() }, tenant.token);
    await drain();

    expect(recovered.status, recovered.text).toBe(202);
    expect(recovered.body).toEqual({ requeued: 1 });
    const [delivered] = await deliveriesOf(tenant.token, webhook.id);
    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 9, lastStatusCode: 200 });
    expect(new Set(receiver.received.filter((request) => request.event.tenantId === tenant.id).map((request) => request.id)).size).toBe(1);
  });

  it('refuses to recover further back than 14 days', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url);

    const answer = await post(`/v1/webhooks/${webhook.id}/recover`, { since: new Date(Date.now() - 15 * 24 * HOUR_MS).toISOString() }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([{ path: 'since', message: 'Must be within the last 14 days' }]);
  });

  it('retries one delivery by hand', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);
    await newCustomer(tenant.token);
    await drain();
    const [delivered] = await deliveriesOf(tenant.token, webhook.id);

    const again = await post(`/v1/webhooks/${webhook.id}/deliveries/${delivered!.id}/retry`, undefined, tenant.token);

    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ id: delivered!.id, status: 'succeeded', attempts: 2 });
  });
});
