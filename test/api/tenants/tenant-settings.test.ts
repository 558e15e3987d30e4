import { describe, expect, it } from 'vitest';
import { get, patch } from '#test/fixtures/api-client';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

describe('tenant settings', () => {
  it('shows the documented defaults to a new tenant', async () => {
    const tenant = await newTenant();

    const answer = await get('/v1/tenant', tenant.token);

    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.body.settings.birthdayOffer).toMatchObject({ enabled: false, sendHour: 9, kind: 'percent' });
    expect(answer.body.settings.tiers).toMatchObject({ vipMinOrders12m: 12 });
  });

  it('changes only what the PATCH names and bumps the version', async () => {
    const tenant = await newTenant();

    const answer = await patch('/v1/tenant/settings', { birthdayOffer: { enabled: true, sendHour: 8 } }, tenant.token, { 'if-match': '"1"' });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"2"');
    expect(answer.body.settings.birthdayOffer).toMatchObject({ enabled: true, sendHour: 8, kind: 'percent', validDays: 30 });
    expect((await get('/v1/tenant', tenant.token)).body.settings.birthdayOffer.sendHour).toBe(8);
  });

  it('answers 412 when If-Match names an old version', async () => {
    const tenant = await newTenant();
    await patch('/v1/tenant/settings', { birthdayOffer: { sendHour: 7 } }, tenant.token);

    const stale = await patch('/v1/tenant/settings', { birthdayOffer: { sendHour: 8 } }, tenant.token, { 'if-match': '"1"' });

    expectProblem(stale, 412, 'precondition-failed');
    expect((await get('/v1/tenant', tenant.token)).body.settings.birthdayOffer.sendHour).toBe(7);
  });

  it('checks rules that span fields after merging', async () => {
    const tenant = await newTenant();

    const answer = await patch('/v1/tenant/settings', { birthdayOffer: { value: 150 }, stages: { churnedAfterDays: 30 } }, tenant.token);

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['birthdayOffer.value', 'stages.churnedAfterDays']);
  });

  it('rejects a send hour outside 0–23 and a malformed If-Match', async () => {
    const tenant = await newTenant();

    expectProblem(await patch('/v1/tenant/settings', { birthdayOffer: { sendHour: 24 } }, tenant.token), 400);
    expectProblem(await patch('/v1/tenant/settings', { birthdayOffer: { sendHour: 2 } }, tenant.token, { 'if-match': 'yesterday' }), 400);
  });
});
