import { describe, expect, it } from 'vitest';
import { del, get, patch, post } from '#test/fixtures/api-client';
import { newCustomer, uniquePhone } from '#test/fixtures/customers';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';

const found = async (tenant: TestTenant, query: string) =>
  ((await get(`/v1/customers?${query}`, tenant.token)).body.items as { id: string }[]).map((customer) => customer.id).sort();

describe("contacts' phones and emails are found by the exact look-ups", () => {
  it('finds every customer one of whose contacts has the phone or email, and follows changes, erasure and merges', async () => {
    const tenant = await newTenant();
    const buyer = { phone: uniquePhone(), email: `buyer-${Date.now()}@tea-trade.example.com` };
    const company = await newCustomer(tenant.token, { type: 'business', name: '西湖茶业有限公司', phone: undefined, email: undefined, contacts: [{ name: '陈经理', title: '采购', ...buyer }] });
    const sister = await newCustomer(tenant.token, { type: 'business', name: '龙井贸易', phone: undefined, email: undefined, contacts: [{ name: '陈经理', phone: buyer.phone }] });
    const person = await newCustomer(tenant.token, { name: '陈先生', phone: buyer.phone.replace(/^139/, '138') });

    expect(await found(tenant, `phone=${buyer.phone}`)).toEqual([company.id, sister.id].sort());
    expect(await found(tenant, `email=${encodeURIComponent(buyer.email.toUpperCase())}`)).toEqual([company.id]);
    expect(await found(tenant, `phone=${buyer.phone.replace(/^139/, '138')}`)).toEqual([person.id]);

    const newPhone = uniquePhone();
    const changed = await patch(`/v1/customers/${company.id}`, { contacts: [{ name: '陈经理', phone: newPhone }] }, tenant.token);
    expect(changed.status, changed.text).toBe(200);
    expect(await found(tenant, `phone=${buyer.phone}`)).toEqual([sister.id]);
    expect(await found(tenant, `phone=${newPhone}`)).toEqual([company.id]);
    expect(await found(tenant, `email=${encodeURIComponent(buyer.email)}`)).toEqual([]);
    // A change that doesn't name contacts keeps them findable.
    await patch(`/v1/customers/${company.id}`, { tags: ['批发'] }, tenant.token);
    expect(await found(tenant, `phone=${newPhone}`)).toEqual([company.id]);

    expect((await del(`/v1/customers/${sister.id}`, tenant.token)).status).toBe(204);
    expect(await found(tenant, `phone=${buyer.phone}`)).toEqual([]);

    // A survivor without contacts takes the merged customer's, and is found by them.
    const survivor = await newCustomer(tenant.token, { type: 'business', name: '西湖茶业', phone: undefined, email: undefined });
    const merged = await post(`/v1/customers/${survivor.id}/merge`, { sourceCustomerId: company.id }, tenant.token);
    expect(merged.status, merged.text).toBe(200);
    expect(await found(tenant, `phone=${newPhone}`)).toEqual([survivor.id]);

    const cleared = await patch(`/v1/customers/${survivor.id}`, { contacts: null }, tenant.token);
    expect(cleared.status, cleared.text).toBe(200);
    expect(await found(tenant, `phone=${newPhone}`)).toEqual([]);
  });
});
