import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, del, patch, post } from '#test/fixtures/api-client';
import { newStaff, newTenant, type TestTenant } from '#test/fixtures/tenants';
import { startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

/**
 * A 412 answers a version the client named in `If-Match`. A write that names none and loses a race
 * with another write (or with a delivery bumping its endpoint) is made again on what won; it is
 * never refused with a precondition the client did not set (the fuzz suite found these).
 */
const statuses = (answers: { status: number }[]) => answers.map((answer) => answer.status);

describe('writes that name no version', () => {
  let tenant: TestTenant;
  let receiver: Receiver;

  beforeAll(async () => {
    tenant = await newTenant();
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('all succeed when they race on the tenant settings', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => patch('/v1/tenant/settings', { loyalty: { pointsPerUnit: i + 1 } }, tenant.token)));

    expect(statuses(answers)).toEqual(Array(6).fill(200));
  });

  it('all succeed when they race on one staff user', async () => {
    const agent = await newStaff(tenant, 'agent');

    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => patch(`/v1/users/${agent.id}`, { name: `Agent ${i}` }, tenant.token)));

    expect(statuses(answers)).toEqual(Array(6).fill(200));
  });

  it('rotate a webhook secret many times at once', async () => {
    const webhook = await post('/v1/webhooks', { url: receiver.url, events: ['*'] }, tenant.token);

    const answers = await Promise.all(Array.from({ length: 6 }, () => post(`/v1/webhooks/${webhook.body.id}/rotate-secret`, undefined, tenant.token)));

    expect(statuses(answers)).toEqual(Array(6).fill(200));
  });

  it('delete a webhook while others change it and its deliveries bump it', async () => {
    for (let round = 0; round < 3; round += 1) {
      const webhook = await post('/v1/webhooks', { url: receiver.url, events: ['*'] }, tenant.token);
      const path = `/v1/webhooks/${webhook.body.id}`;

      const [deleted, ...others] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, 10 * round)).then(() => del(path, tenant.token)),
        ...Array.from({ length: 6 }, (_, i) => patch(path, { description: `change ${i}` }, tenant.token)),
        ...Array.from({ length: 2 }, () => call('POST', `${path}/test`, { token: tenant.token })),
      ]);

      expect(deleted!.status, deleted!.text).toBe(204);
      // A change that lost its endpoint to the delete says so (404 gone, 409 a delivery taken over).
      for (const other of others) expect([200, 404, 409]).toContain(other.status);
    }
  });

  it('delete a staff user while others change them', async () => {
    for (let round = 0; round < 3; round += 1) {
      const agent = await newStaff(tenant, 'agent');

      const [deleted, ...others] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, 10 * round)).then(() => del(`/v1/users/${agent.id}`, tenant.token)),
        ...Array.from({ length: 6 }, (_, i) => patch(`/v1/users/${agent.id}`, { name: `Agent ${i}` }, tenant.token)),
      ]);

      expect(deleted!.status, deleted!.text).toBe(204);
      for (const other of others) expect([200, 404]).toContain(other.status);
    }
  });

  it('delete a segment while others change it (the fuzz suite found this one too)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const segment = await post('/v1/segments', { name: 'VIPs', filter: { tier: 'vip' } }, tenant.token);
      const path = `/v1/segments/${segment.body.id}`;

      const [deleted, ...others] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, 10 * round)).then(() => del(path, tenant.token)),
        ...Array.from({ length: 6 }, (_, i) => patch(path, i % 2 ? { name: `VIPs ${i}` } : { filter: { tier: 'vip', stage: 'loyal' } }, tenant.token)),
      ]);

      expect(deleted!.status, deleted!.text).toBe(204);
      for (const other of others) expect([200, 404]).toContain(other.status);
    }
  });
});
