import { describe, expect, it } from 'vitest';
import { get, listAll } from '#test/fixtures/api-client';
import { e164Of, newCustomer } from '#test/fixtures/customers';
import { expectProblem, newStaff, newTenant } from '#test/fixtures/tenants';

describe('exact look-ups are not an oracle', () => {
  it("ration a viewer's tries at the masked digits (429 + Retry-After), audit each one, and leave others' allowance alone", async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const viewer = await newStaff(tenant, 'viewer');
    const masked = customer.body.phone.slice(0, 3);
    const hidden = customer.body.phone.slice(7);

    // The allowance is a fixed minute: start well inside one, so the 70 tries all fall in it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    // Trying the four hidden digits one number after another, as an attacker would.
    const answers = [];
    for (let guess = 0; guess < 70; guess += 1) {
      const candidate = `${masked}${String(guess).padStart(4, '0')}${hidden}`;
      answers.push(await get(`/v1/customers?phone=${candidate}`, viewer.token));
    }

    expect(answers.slice(0, 60).every((answer) => answer.status === 200)).toBe(true);
    const refused = answers.slice(60);
    for (const answer of refused) {
      expectProblem(answer, 429, 'rate-limited');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
    // The owner's look-ups are their own allowance.
    const owners = await get(`/v1/customers?phone=${customer.body.phone}`, tenant.token);
    expect(owners.body.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);

    const audited = await listAll<{ actor: { id: string }; details: { by: string; found: boolean }; customerId?: string }>('/v1/audit?action=customer.looked_up&limit=200', tenant.token);
    const byViewer = audited.filter((entry) => entry.actor.id === viewer.id);
    expect(byViewer).toHaveLength(60);
    expect(byViewer.every((entry) => entry.details.by === 'phone')).toBe(true);
    expect(audited.filter((entry) => entry.actor.id === tenant.ownerId)).toEqual([expect.objectContaining({ customerId: customer.id, details: { by: 'phone', found: true } })]);
    expect(JSON.stringify(audited)).not.toContain(e164Of(customer.body.phone));
  });
});
