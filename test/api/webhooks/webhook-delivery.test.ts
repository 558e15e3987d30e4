import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';
import { deliveriesOf, drain, newWebhook, runJob, startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

let receiver: Receiver;
let other: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  other = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
  await other.close();
});

const ofTenant = (target: Receiver, tenant: TestTenant) => target.received.filter((request) => request.event.tenantId === tenant.id);

describe('webhook delivery', () => {
  it('delivers customer.created signed per Standard Webhooks, with the event id as webhook-id and no plaintext personal data', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);

    const customer = await newCustomer(tenant.token);
    await drain();

    const got = ofTenant(receiver, tenant);
    expect(got).toHaveLength(1);
    expect(receiver.verifiedWith(webhook.secret)).toContainEqual(got[0]);
    expect(got[0]!.id).toBe(got[0]!.event.id);
    expect(got[0]!.event).toMatchObject({ type: 'customer.created', tenantId: tenant.id, data: { customerId: customer.id } });
    for (const secret of [customer.body.phone, customer.body.email, customer.body.name]) expect(got[0]!.body).not.toContain(secret);
  });

  it('tries a delivery the receiver failed again at its next attempt, with the same id, and logs both attempts', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);
    receiver.answerWith(500);
    await newCustomer(tenant.token);
    await drain();
    const [failed] = await deliveriesOf(tenant.token, webhook.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });

    await runJob('webhook-retries', failed!.nextAttemptAt!);

    const got = ofTenant(receiver, tenant);
    expect(got.map((request) => request.id)).toEqual([failed!.eventId, failed!.eventId]);
    expect(receiver.verifiedWith(webhook.secret).filter((request) => request.event.tenantId === tenant.id)).toHaveLength(2);
    const [delivered] = await deliveriesOf(tenant.token, webhook.id);
    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200 });
    expect(delivered!.attemptLog.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    expect(delivered!.attemptLog[0]!.responseBody).toBe('answered 500');
  });

  it('waits as long as a 429 asks, up to twice its schedule, and no less than its schedule for a 503', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);
    receiver.answerWith({ status: 429, headers: { 'retry-after': '3600' } });
    await newCustomer(tenant.token);
    await drain();
    const [slowed] = await deliveriesOf(tenant.token, webhook.id);
    receiver.answerWith({ status: 503, headers: { 'retry-after': '0' } });
    await runJob('webhook-retries', slowed!.nextAttemptAt!);
    const [again] = await deliveriesOf(tenant.token, webhook.id);

    const waited = (delivery: typeof slowed, attempt: number) => Date.parse(delivery!.nextAttemptAt!) - Date.parse(delivery!.attemptLog[attempt]!.at);

    // First retry: 5 s ± 20 %; asked for an hour, it waits twice that (8–12 s), not an hour.
    expect(waited(slowed, 0)).toBeGreaterThanOrEqual(8_000);
    expect(waited(slowed, 0)).toBeLessThanOrEqual(12_000);
    // Second retry: 5 min ± 20 %; a 503 asking for nothing still waits the schedule.
    expect(waited(again, 1)).toBeGreaterThanOrEqual(240_000);
    expect(waited(again, 1)).toBeLessThanOrEqual(360_000);
  });

  it('disables an endpoint that answers 410 Gone at once, says so in a webhook.disabled event, and sends it nothing more', async () => {
    const tenant = await newTenant();
    const gone = await newWebhook(tenant.token, receiver.url, ['customer.created']);
    await newWebhook(tenant.token, other.url, ['webhook.disabled']);
    receiver.answerWith(410);
    await newCustomer(tenant.token);
    await drain();

    const endpoint = await get(`/v1/webhooks/${gone.id}`, tenant.token);
    await newCustomer(tenant.token);
    await drain();

    expect(endpoint.body).toMatchObject({ status: 'disabled', disabledReason: 'The endpoint answered 410 Gone' });
    expect(ofTenant(receiver, tenant)).toHaveLength(1);
    expect(ofTenant(other, tenant).map((request) => request.event)).toEqual([
      expect.objectContaining({ type: 'webhook.disabled', data: { webhookId: gone.id, reason: 'The endpoint answered 410 Gone' } }),
    ]);
    expect((await deliveriesOf(tenant.token, gone.id)).map((delivery) => delivery.status)).toEqual(['failed']);
  });

  it('sends nothing to an endpoint a person disabled, and everything again once it is enabled', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url);
    expect((await patch(`/v1/webhooks/${webhook.id}`, { status: 'disabled' }, tenant.token)).status).toBe(200);

    await newCustomer(tenant.token);
    await drain();
    const whileDisabled = ofTenant(receiver, tenant).length;
    await patch(`/v1/webhooks/${webhook.id}`, { status: 'enabled' }, tenant.token);
    await newCustomer(tenant.token);
    await drain();

    expect(whileDisabled).toBe(0);
    expect(ofTenant(receiver, tenant).map((request) => request.event.type)).toEqual(['customer.created']);
  });

  it("never delivers one tenant's events to another tenant's endpoint", async () => {
    const mine = await newTenant();
    const theirs = await newTenant();
    await newWebhook(mine.token, receiver.url);
    await newWebhook(theirs.token, other.url);

    await newCustomer(mine.token);
    await drain();

    expect(ofTenant(receiver, mine).length).toBeGreaterThan(0);
    expect(other.received.filter((request) => request.event.tenantId === mine.id)).toEqual([]);
  });

  it('delivers a burst of 200 writes exactly once each to a healthy endpoint', async () => {
    const tenant = await newTenant();
    await newWebhook(tenant.token, receiver.url, ['customer.created']);

    for (let batch = 0; batch < 20; batch += 1) await Promise.all(Array.from({ length: 10 }, () => newCustomer(tenant.token)));
    await drain();

    const got = ofTenant(receiver, tenant);
    expect(got).toHaveLength(200);
    expect(new Set(got.map((request) => request.id)).size).toBe(200);
  });

  it('sends a webhook.test event to the one endpoint on request and answers with its delivery', async () => {
    const tenant = await newTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['customer.created']);

    const answer = await post(`/v1/webhooks/${webhook.id}/test`, undefined, tenant.token);

    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ eventType: 'webhook.test', status: 'succeeded', attempts: 1, lastStatusCode: 200 });
    expect(receiver.verifiedWith(webhook.secret).map((request) => request.event)).toContainEqual(
      expect.objectContaining({ type: 'webhook.test', tenantId: tenant.id, data: expect.objectContaining({ webhookId: webhook.id }) }),
    );
  });
});
