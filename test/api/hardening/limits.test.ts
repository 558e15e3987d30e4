import { describe, expect, it } from 'vitest';
import { del, get, patch, post } from '#test/fixtures/api-client';
import { newCustomer, uniquePhone } from '#test/fixtures/customers';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

const tag = () => Math.random().toString(36).slice(2, 8);
const externalIds = (systems: string[], run = tag()) => Object.fromEntries(systems.map((system) => [system, `${system}-${run}`]));
const systems = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const customFields = (count: number, prefix = 'f') => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `value ${i}`]));

/** A customer with every list and map full: the most a write of it can touch. */
const atTheLimits = (prefix: string) => ({
  name: `满额客户 ${prefix}`,
  phone: uniquePhone(),
  email: `full-${tag()}@example.com`,
  tags: Array.from({ length: 50 }, (_, i) => `t${i}`),
  contacts: Array.from({ length: 20 }, (_, i) => ({ name: `联系人 ${i}`, phone: uniquePhone(), email: `c${i}-${tag()}@example.com` })),
  externalIds: externalIds(systems('sys', 10)),
  customFields: customFields(50),
});

describe('limits hold on every path', () => {
  it('applies the external-id and custom-field limits to what a PATCH leaves, and changes nothing when over', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token, { externalIds: externalIds(systems('pos', 10)), customFields: customFields(50) });

    const oneMoreId = await patch(`/v1/customers/${customer.id}`, { externalIds: { erp: 'E-1' } }, tenant.token);
    const oneMoreField = await patch(`/v1/customers/${customer.id}`, { customFields: { extra: 1 } }, tenant.token);
    const both = await patch(`/v1/customers/${customer.id}`, { externalIds: { erp: 'E-1' }, customFields: { extra: 1 } }, tenant.token);

    expectProblem(oneMoreId, 400, 'validation-failed');
    expect(oneMoreId.body.errors.map((error: { path: string }) => error.path)).toEqual(['externalIds']);
    expectProblem(oneMoreField, 400, 'validation-failed');
    expect(oneMoreField.body.errors.map((error: { path: string }) => error.path)).toEqual(['customFields']);
    expect(both.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['customFields', 'externalIds']);
    const after = await get(`/v1/customers/${customer.id}`, tenant.token);
    expect(after.body.version).toBe(customer.view.version);
    expect(Object.keys(after.body.externalIds)).toHaveLength(10);
    // The erp id was never taken: no guard was left behind by the refused change.
    expect((await get('/v1/customers?externalId=erp:E-1', tenant.token)).body.items).toEqual([]);

    // Swapping one for another stays within the limit.
    const swapped = await patch(`/v1/customers/${customer.id}`, { externalIds: { pos0: null, erp: 'E-1' }, customFields: { f0: null, extra: 1 } }, tenant.token);
    expect(swapped.status, swapped.text).toBe(200);
    expect((await get('/v1/customers?externalId=erp:E-1', tenant.token)).body.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);
  });

  it('changes, merges and erases customers with everything full, without exceeding a transaction', async () => {
    const tenant = await newTenant();
    const target = (await post('/v1/customers', atTheLimits('A'), tenant.token)).body;
    // The same ten systems with other ids: the merge keeps the survivor's ten.
    const source = (await post('/v1/customers', atTheLimits('B'), tenant.token)).body;
    expect(target.id && source.id).toBeTruthy();

    const everyIdChanged = await patch(`/v1/customers/${target.id}`, { externalIds: externalIds(systems('sys', 10), 'new'), contacts: atTheLimits('C').contacts, tags: Array.from({ length: 50 }, (_, i) => `n${i}`) }, tenant.token);
    expect(everyIdChanged.status, everyIdChanged.text).toBe(200);

    const merged = await post(`/v1/customers/${target.id}/merge`, { sourceCustomerId: source.id }, tenant.token);
    expect(merged.status, merged.text).toBe(200);
    expect(Object.keys(merged.body.externalIds)).toHaveLength(10);

    expect((await del(`/v1/customers/${target.id}`, tenant.token)).status).toBe(204);
    expectProblem(await get(`/v1/customers/${target.id}`, tenant.token), 404);
    // Every id it held is free again.
    const again = await post('/v1/customers', { name: '新客户', externalIds: externalIds(systems('sys', 10), 'new') }, tenant.token);
    expect(again.status, again.text).toBe(201);
  });

  it('refuses a merge whose survivor would be over a limit, and leaves both customers as they were', async () => {
    const tenant = await newTenant();
    const target = await newCustomer(tenant.token, { externalIds: externalIds(systems('pos', 6)), customFields: customFields(30, 'a') });
    const source = await newCustomer(tenant.token, { externalIds: externalIds(systems('erp', 6)), customFields: customFields(30, 'b') });

    const refused = await post(`/v1/customers/${target.id}/merge`, { sourceCustomerId: source.id }, tenant.token);

    expectProblem(refused, 409, 'conflict');
    expect(refused.body.detail).toMatch(/externalIds and customFields/);
    expect((await get(`/v1/customers/${target.id}`, tenant.token)).body.version).toBe(target.view.version);
    expect((await get(`/v1/customers/${source.id}`, tenant.token)).status).toBe(200);
    const patched = await patch(`/v1/customers/${source.id}`, { externalIds: { erp0: null, erp1: null, erp2: null, erp3: null, erp4: null, erp5: null } }, tenant.token);
    expect(patched.status, patched.text).toBe(200);
    expect((await post(`/v1/customers/${target.id}/merge`, { sourceCustomerId: source.id }, tenant.token)).status).toBe(409);
  });
});
