import { describe, expect, it } from 'vitest';
import { get, post, type Answer } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newTenant } from '#test/fixtures/tenants';

/** Lambda refuses an answer past 6 MB (the payload limit), whatever the local runtime would send. */
const LAMBDA_ANSWER_LIMIT = 6 * 1024 * 1024;

/** A purchase of 300 lines with long Chinese names: about 310 KB, near DynamoDB's 400 KB item limit. */
const bulkyPurchase = (day: number) =>
  purchase(30_000, daysAgo(day), {
    items: Array.from({ length: 300 }, (_, line) => ({
      sku: `SKU-${line}`.padEnd(64, '0'),
      name: `${'龍井'.repeat(98)}${line}`,
      category: '茶'.repeat(100),
      quantity: 1,
      unitPrice: { amount: 100, currency: 'CNY' },
    })),
  });

describe('exporting a customer too large for one answer', () => {
  // Writes about 7 MB through the API: allowed longer than the suite's default on a loaded machine.
  it('answers in parts under Lambda’s limit, each part’s records oldest first, together every record once', { timeout: 180_000 }, async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const purchases = 22;
    for (let day = purchases; day >= 1; day -= 1) {
      const added = await post(`/v1/customers/${customer.id}/transactions`, bulkyPurchase(day), tenant.token);
      expect(added.status, added.text.slice(0, 300)).toBe(201);
    }

    const parts: { records: { id: string; kind: string; occurredAt: string }[]; nextCursor: string | null; customer: { id: string } }[] = [];
    let cursor: string | null = null;
    do {
      const answer: Answer = await get(`/v1/customers/${customer.id}/export${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, tenant.token);
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      expect(Buffer.byteLength(answer.text)).toBeLessThan(LAMBDA_ANSWER_LIMIT);
      parts.push(answer.body);
      cursor = answer.body.nextCursor;
    } while (cursor && parts.length < 10);

    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.customer.id === customer.id)).toBe(true);
    const records = parts.flatMap((part) => part.records);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(records.filter((record) => record.kind === 'transactions')).toHaveLength(purchases);
    const times = records.map((record) => record.occurredAt);
    expect([...times].sort()).toEqual(times);
    // The cursor belongs to this customer's export: another customer's export refuses it.
    const other = await newCustomer(tenant.token);
    expectProblem(await get(`/v1/customers/${other.id}/export?cursor=${encodeURIComponent(parts[0]!.nextCursor!)}`, tenant.token), 400);
  });
});
