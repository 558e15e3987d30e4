import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { del, get, post } from '#test/fixtures/api-client';
import { customerBody, e164Of, newCustomer } from '#test/fixtures/customers';
import { dumpTable } from '#test/fixtures/table-dump';
import { expectProblem, newApiKey, newStaff, newTenant } from '#test/fixtures/tenants';

describe('masking and reveal', () => {
  it('shows masked values in lists and on get by default', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const listed = await get('/v1/customers', tenant.token);
    const single = await get(`/v1/customers/${customer.id}`, tenant.token);

    for (const text of [listed.text, single.text]) {
      expect(text).not.toContain(customer.body.phone.slice(3, 7));
      expect(text).not.toContain(customer.body.email);
      expect(text).not.toContain(customer.body.idNumber);
      expect(text).not.toContain(customer.body.address.line1);
    }
  });

  it.each(['owner', 'admin', 'manager'] as const)('reveals to a %s and writes it to the audit log', async (role) => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const token = role === 'owner' ? tenant.token : (await newStaff(tenant, role)).token;

    const answer = await get(`/v1/customers/${customer.id}?reveal=true`, token);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      phone: e164Of(customer.body.phone),
      email: customer.body.email,
      idNumber: customer.body.idNumber,
      birthday: customer.body.birthday,
      address: { line1: customer.body.address.line1, postalCode: customer.body.address.postalCode },
    });
    const audit = await get(`/v1/audit?action=customer.revealed&customerId=${customer.id}`, tenant.token);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.text).not.toContain(customer.body.email);
  });

  it.each(['agent', 'viewer'] as const)('refuses to reveal to an %s', async (role) => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const staff = await newStaff(tenant, role);

    expectProblem(await get(`/v1/customers/${customer.id}?reveal=true`, staff.token), 403, 'forbidden');
    expect((await get(`/v1/customers/${customer.id}`, staff.token)).status).toBe(200);
  });

  it('reveals to an API key only with the customers:reveal scope', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const reader = await newApiKey(tenant, ['customers:read']);
    const revealer = await newApiKey(tenant, ['customers:read', 'customers:reveal']);

    expectProblem(await get(`/v1/customers/${customer.id}?reveal=true`, reader.key), 403);
    expect((await get(`/v1/customers/${customer.id}?reveal=true`, revealer.key)).body.phone).toBe(e164Of(customer.body.phone));
  });
});

describe('what a table dump and the logs reveal', () => {
  it('holds no phone, email, id number, birthday or address line in plaintext', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token, {
      contacts: [{ name: '联系人', phone: '13700001234', email: 'contact.person@example.com' }],
    });
    await get(`/v1/customers/${customer.id}?reveal=true`, tenant.token);

    const dump = await dumpTable();

    expect(dump).toContain(customer.id);
    for (const secret of [
      customer.body.phone,
      e164Of(customer.body.phone),
      customer.body.email,
      customer.body.idNumber,
      customer.body.birthday,
      customer.body.address.line1,
      '13700001234',
      'contact.person@example.com',
    ]) {
      expect(dump).not.toContain(secret);
    }
  });

  it('never writes a sensitive value or a token to the logs', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    await get(`/v1/customers/${customer.id}?reveal=true`, tenant.token);
    await post('/v1/customers', customerBody({ phone: customer.body.phone }), tenant.token);
    await post('/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.ownerEmail, password: 'wrong-password-77' });

    const log = await readFile(inject('runtimeLog'), 'utf8');

    expect(log).toContain('"level"');
    for (const secret of [customer.body.phone, customer.body.email, customer.body.idNumber, customer.body.address.line1, tenant.token, 'wrong-password-77', tenant.ownerPassword]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('erasure', () => {
  it('frees the phone for a new customer and leaves no trace of the name in the table', async () => {
    const tenant = await newTenant();
    const name = `Erase-Me ${Date.now()}`;
    const externalId = `E-${Date.now()}`;
    const customer = await newCustomer(tenant.token, { name, externalIds: { pos: externalId } });
    await get(`/v1/customers/${customer.id}?reveal=true`, tenant.token);

    const erased = await del(`/v1/customers/${customer.id}`, tenant.token);

    expect(erased.status).toBe(204);
    expectProblem(await get(`/v1/customers/${customer.id}`, tenant.token), 404);
    expect((await post('/v1/customers', customerBody({ phone: customer.body.phone, email: customer.body.email }), tenant.token)).status).toBe(201);
    expect((await get(`/v1/customers?externalId=pos:${externalId}`, tenant.token)).body.items).toEqual([]);
    expect(await dumpTable()).not.toContain(name);
    const audit = await get(`/v1/audit?action=customer.erased&customerId=${customer.id}`, tenant.token);
    expect(audit.body.items).toHaveLength(1);
  });

  it('is refused to agents and viewers', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const agent = await newStaff(tenant, 'agent');

    expectProblem(await del(`/v1/customers/${customer.id}`, agent.token), 403);
    expect((await get(`/v1/customers/${customer.id}`, agent.token)).status).toBe(200);
  });
});

describe('erasure of a customer with history', () => {
  it("removes their records and the tenant-wide guards their records held", async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const order = `ORDER-${Date.now()}`;
    await post(`/v1/customers/${customer.id}/transactions`, { occurredAt: new Date().toISOString(), amount: { amount: 100, currency: 'CNY' }, channel: 'store', paymentMethod: 'cash', externalId: order }, tenant.token);
    const coupon = await post(`/v1/customers/${customer.id}/coupons`, { kind: 'amount', value: 100 }, tenant.token);

    expect((await del(`/v1/customers/${customer.id}`, tenant.token)).status).toBe(204);

    const other = await newCustomer(tenant.token);
    const reused = await post(`/v1/customers/${other.id}/transactions`, { occurredAt: new Date().toISOString(), amount: { amount: 100, currency: 'CNY' }, channel: 'store', paymentMethod: 'cash', externalId: order }, tenant.token);
    expect(reused.status).toBe(201);
    expectProblem(await post(`/v1/coupons/${coupon.body.code}/redeem`, {}, tenant.token), 404);
    expect(await dumpTable()).not.toContain(coupon.body.code);
  });
});
