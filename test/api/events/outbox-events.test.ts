import { describe, expect, it } from 'vitest';
import { call, del, get, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { purchase } from '#test/fixtures/records';
import { newTenant } from '#test/fixtures/tenants';

const eventsOf = async (tenantId: string) => {
  await call('POST', '/_local/drain');
  return (await get(`/_local/events?tenantId=${tenantId}`)).body.items as { id: string; type: string; tenantId: string; data: Record<string, unknown> }[];
};

describe('events (outbox → table stream → bus)', () => {
  it('publishes each change once it is committed, in order, with ids and no personal data', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    await patch(`/v1/customers/${customer.id}`, { source: 'walk-in' }, tenant.token);
    await post(`/v1/customers/${customer.id}/transactions`, purchase(25000), tenant.token);
    await del(`/v1/customers/${customer.id}`, tenant.token);

    const events = await eventsOf(tenant.id);

    expect(events.map((e) => e.type)).toEqual([
      'customer.created',
      'customer.updated',
      'transaction.recorded',
      'points.changed',
      'stage.changed',
      'customer.erased',
    ]);
    expect(events.every((e) => e.tenantId === tenant.id && /^evt_/.test(e.id))).toBe(true);
    expect(events.find((e) => e.type === 'stage.changed')!.data).toEqual({ customerId: customer.id, from: 'prospect', to: 'new' });
    const text = JSON.stringify(events);
    for (const secret of [customer.body.phone, customer.body.email, customer.body.name, customer.body.idNumber]) expect(text).not.toContain(secret);
  });

  it('publishes nothing for a change that was refused', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    await post('/v1/customers', { name: 'Dup', phone: customer.body.phone }, tenant.token);

    expect((await eventsOf(tenant.id)).map((e) => e.type)).toEqual(['customer.created']);
  });
});
