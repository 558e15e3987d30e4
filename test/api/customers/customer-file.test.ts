import { describe, expect, it } from 'vitest';
import { get, patch, post } from '#test/fixtures/api-client';
import { customerBody, e164Of, newCustomer, uniquePhone } from '#test/fixtures/customers';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

describe('POST /v1/customers', () => {
  it('answers the new customer masked, with derived figures at zero', async () => {
    const tenant = await newTenant();
    const body = customerBody();

    const answer = await post('/v1/customers', body, tenant.token);

    expect(answer.status).toBe(201);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.headers.get('location')).toBe(`/v1/customers/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      name: body.name,
      phone: `+86 139****${body.phone.slice(-4)}`,
      email: 'w***@example.com',
      idNumber: `1101**********${body.idNumber.slice(-4)}`,
      birthday: '****-07-21',
      address: { city: '上海', district: '徐汇', line1: '***', postalCode: '***' },
      tier: 'potential',
      stage: 'prospect',
      stats: { orderCount: 0, totalSpend: { amount: 0, currency: 'CNY' } },
    });
  });

  it('normalizes phones to E.164 and emails to lower case', async () => {
    const tenant = await newTenant();
    const phone = uniquePhone();

    const created = await post('/v1/customers', customerBody({ phone: `${phone.slice(0, 3)}-${phone.slice(3, 7)} ${phone.slice(7)}`, email: '  Mixed.Case@Example.COM ' }), tenant.token);
    const revealed = await get(`/v1/customers/${created.body.id}?reveal=true`, tenant.token);

    expect(revealed.body.phone).toBe(e164Of(phone));
    expect(revealed.body.email).toBe('mixed.case@example.com');
  });

  it('lists every bad field, including bad phones and emails deep in contacts', async () => {
    const tenant = await newTenant();

    const answer = await post(
      '/v1/customers',
      { name: '', phone: '12', email: 'nope', gender: 'robot', birthday: '1990-02-30', contacts: [{ name: 'X', phone: 'abc', email: 'x@' }], tier: 'vip', stats: {} },
      tenant.token,
    );

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['birthday', 'contacts.0.email', 'contacts.0.phone', 'email', 'gender', 'name', 'phone', 'stats', 'tier'].sort(),
    );
  });

  it('answers 409 naming the existing customer for the same phone in another format', async () => {
    const tenant = await newTenant();
    const first = await newCustomer(tenant.token);

    const again = await post('/v1/customers', customerBody({ phone: `+86 ${first.body.phone}` }), tenant.token);

    expectProblem(again, 409, 'duplicate');
    expect(again.body.existingCustomerId).toBe(first.id);
    expect(again.body.errors).toEqual([{ path: 'phone', message: expect.any(String) }]);
  });

  it('answers 409 for a duplicate email or external id', async () => {
    const tenant = await newTenant();
    const first = await newCustomer(tenant.token, { externalIds: { pos: 'M-1001' } });

    const sameEmail = await post('/v1/customers', customerBody({ email: first.body.email.toUpperCase() }), tenant.token);
    const sameExternal = await post('/v1/customers', customerBody({ externalIds: { pos: 'M-1001' } }), tenant.token);

    expect(sameEmail.body.existingCustomerId).toBe(first.id);
    expect(sameExternal.body.existingCustomerId).toBe(first.id);
  });

  it('lets exactly one of ten racing creates with one phone win; the others name the winner', async () => {
    const tenant = await newTenant();
    const phone = uniquePhone();

    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/v1/customers', customerBody({ phone }), tenant.token)));

    const winners = answers.filter((a) => a.status === 201);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((a) => a.status !== 201)) {
      expectProblem(loser, 409, 'duplicate');
      expect(loser.body.existingCustomerId).toBe(winners[0]!.body.id);
    }
  });

  it('allows the same phone in two different tenants', async () => {
    const phone = uniquePhone();

    const first = await post('/v1/customers', customerBody({ phone }), (await newTenant()).token);
    const second = await post('/v1/customers', customerBody({ phone }), (await newTenant()).token);

    expect([first.status, second.status]).toEqual([201, 201]);
  });

  it('checks that an owner user belongs to the tenant', async () => {
    const tenant = await newTenant();
    const other = await newTenant();

    const answer = await post('/v1/customers', customerBody({ ownerUserId: other.ownerId }), tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([{ path: 'ownerUserId', message: expect.any(String) }]);
  });
});

describe('PATCH /v1/customers/{id}', () => {
  it('merges a partial change, removes a field given null, and bumps the version', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token, { company: { name: 'Acme', title: 'CEO' } });

    const answer = await patch(`/v1/customers/${customer.id}`, { company: { title: null, industry: 'retail' }, gender: null, tags: ['vip-candidate'] }, tenant.token, { 'if-match': '"1"' });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"2"');
    expect(answer.body.company).toEqual({ name: 'Acme', industry: 'retail' });
    expect(answer.body).not.toHaveProperty('gender');
    expect(answer.body.tags).toEqual(['vip-candidate']);
    expect(answer.body.phone).toBe(customer.view.phone);
  });

  it('lets exactly one of eight PATCHes with the same If-Match win; seven get 412', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => patch(`/v1/customers/${customer.id}`, { source: `writer ${i}` }, tenant.token, { 'if-match': '"1"' })),
    );

    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const final = await get(`/v1/customers/${customer.id}`, tenant.token);
    expect(final.body.version).toBe(2);
    expect(final.body.source).toBe(answers.find((a) => a.status === 200)!.body.source);
  });

  it("keeps every concurrent writer's change when no If-Match is sent", async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    await Promise.all([
      patch(`/v1/customers/${customer.id}`, { source: 'store' }, tenant.token),
      patch(`/v1/customers/${customer.id}`, { company: { name: 'Acme' } }, tenant.token),
      patch(`/v1/customers/${customer.id}`, { preferences: { contactChannel: 'wechat' } }, tenant.token),
    ]);

    const final = await get(`/v1/customers/${customer.id}`, tenant.token);
    expect(final.body).toMatchObject({ source: 'store', company: { name: 'Acme' }, preferences: { contactChannel: 'wechat' }, version: 4 });
  });

  it('moves the phone guard: the old number is free, the new one taken', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const newPhone = uniquePhone();

    await patch(`/v1/customers/${customer.id}`, { phone: newPhone }, tenant.token);

    expect((await post('/v1/customers', customerBody({ phone: customer.body.phone }), tenant.token)).status).toBe(201);
    expect((await post('/v1/customers', customerBody({ phone: newPhone }), tenant.token)).body.existingCustomerId).toBe(customer.id);
  });

  it("refuses a change to another customer's phone with 409 and changes nothing", async () => {
    const tenant = await newTenant();
    const first = await newCustomer(tenant.token);
    const second = await newCustomer(tenant.token);

    const answer = await patch(`/v1/customers/${second.id}`, { phone: first.body.phone, source: 'should not stick' }, tenant.token);

    expectProblem(answer, 409, 'duplicate');
    expect(answer.body.existingCustomerId).toBe(first.id);
    expect((await get(`/v1/customers/${second.id}`, tenant.token)).body).not.toHaveProperty('source');
  });

  it('refuses derived fields in a PATCH', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);

    const answer = await patch(`/v1/customers/${customer.id}`, { stats: { orderCount: 99 }, tier: 'vip', version: 7 }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['stats', 'tier', 'version']);
  });
});
