import { beforeAll, describe, expect, it } from 'vitest';
import { del, get, listAll, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { daysAgo, purchase } from '#test/fixtures/records';
import { drain } from '#test/fixtures/spreadsheets';
import { expectProblem, newTenant, type TestTenant } from '#test/fixtures/tenants';

// A tenant of 30 customers with purchases over several months, complaints and follow-ups. Every
// figure the reports show is computed again here from what the test created and reads back.
const places = [
  { province: '上海', city: '上海' },
  { province: '浙江', city: '杭州' },
  { province: '浙江', city: '宁波' },
  { province: '广东', city: '深圳' },
];

let tenant: TestTenant;
let customers: any[] = [];
const birthYears = new Map<string, number | undefined>();
const purchases: { amount: number; occurredAt: string; completed: boolean }[] = [];
let overdueFollowups = 0;

const shanghaiMonth = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 7);
const currentYear = Number(shanghaiMonth(new Date().toISOString()).slice(0, 4));

beforeAll(async () => {
  tenant = await newTenant();
  for (let i = 0; i < 30; i += 1) {
    const year = i % 6 === 0 ? undefined : 1950 + ((i * 7) % 60);
    const created = await newCustomer(tenant.token, {
      name: `报表客户 ${i}`,
      gender: ['male', 'female', 'other'][i % 3],
      birthday: year ? `${year}-0${(i % 9) + 1}-15` : undefined,
      address: { country: 'CN', ...places[i % places.length] },
      tags: [...(i % 2 ? ['vip'] : []), ...(i % 5 === 0 ? ['tea'] : [])],
      source: i % 4 === 0 ? undefined : ['store', 'wechat', 'referral'][i % 3],
    });
    birthYears.set(created.id, year);
    for (let p = 0; p < i % 4; p += 1) {
      const body = purchase(1500 * (i + 1) + 300 * p, daysAgo(35 * p + i), p === 2 ? { status: 'refunded' } : {});
      const answer = await post(`/v1/customers/${created.id}/transactions`, body, tenant.token);
      expect(answer.status, answer.text).toBe(201);
      purchases.push({ amount: body.amount.amount, occurredAt: body.occurredAt, completed: p !== 2 });
    }
    if (i % 7 === 1) {
      const complaint = await post(`/v1/customers/${created.id}/feedback`, { type: 'complaint', content: 'cold tea' }, tenant.token);
      if (i === 8) await patch(`/v1/customers/${created.id}/feedback/${complaint.body.id}`, { status: 'resolved' }, tenant.token);
      if (i === 15) await patch(`/v1/customers/${created.id}/feedback/${complaint.body.id}`, { status: 'in_progress' }, tenant.token);
    }
    if (i % 6 === 2) {
      const overdue = i % 12 === 2;
      await post(`/v1/customers/${created.id}/followups`, { dueAt: overdue ? daysAgo(2) : daysAgo(-3), title: 'call back' }, tenant.token);
      if (overdue) overdueFollowups += 1;
    }
  }
  // The whole file of each (a list shows summaries: no figures, gender, source or province).
  const listed = await listAll<{ id: string }>('/v1/customers?limit=200', tenant.token);
  customers = await Promise.all(listed.map(async ({ id }) => (await get(`/v1/customers/${id}`, tenant.token)).body));
  await drain();
}, 120_000);

const bandOf = (year: number | undefined): string | null => {
  if (year === undefined) return null;
  const age = currentYear - year;
  return age <= 17 ? '0-17' : age <= 24 ? '18-24' : age <= 34 ? '25-34' : age <= 44 ? '35-44' : age <= 54 ? '45-54' : age <= 64 ? '55-64' : '65+';
};

/** The values of a facet a customer counts under (tags: once per tag). */
const valuesOf = (c: any, field: string): (string | null)[] => {
  switch (field) {
    case 'tag': return c.tags.length ? c.tags : [null];
    case 'ageBand': return [bandOf(birthYears.get(c.id))];
    case 'city': return [c.address?.city ?? null];
    case 'province': return [c.address?.province ?? null];
    default: return [c[field] ?? null];
  }
};

const figureOf = (members: any[], measure: string, agg: string): number => {
  if (measure === 'customers' || agg === 'count') return members.length;
  const total = members.reduce((sum, c) => sum + (measure === 'totalSpend' ? c.stats.totalSpend.amount : c.stats.orderCount), 0);
  if (agg !== 'avg') return total;
  return measure === 'totalSpend' ? Math.round(total / members.length) : Math.round((total / members.length) * 100) / 100;
};

/** row → column → figure, computed from the customers themselves. */
const expectedPivot = (of: any[], query: { rows: string; columns?: string; measure: string; agg: string }) => {
  const table: Record<string, Record<string, number>> = {};
  const rowKeys = new Set(of.flatMap((c) => valuesOf(c, query.rows).map(String)));
  for (const row of rowKeys) {
    const inRow = of.filter((c) => valuesOf(c, query.rows).map(String).includes(row));
    table[row] = { total: figureOf(inRow, query.measure, query.agg) };
    if (!query.columns) continue;
    for (const column of new Set(inRow.flatMap((c) => valuesOf(c, query.columns!).map(String)))) {
      const figure = figureOf(inRow.filter((c) => valuesOf(c, query.columns!).map(String).includes(column)), query.measure, query.agg);
      if (figure !== 0) table[row]![column] = figure;
    }
  }
  return table;
};

/** The same shape from an answer (cells of no customer left out). */
const answeredPivot = (body: any) => {
  const table: Record<string, Record<string, number>> = {};
  for (const item of body.items) {
    table[String(item.row)] = { total: item.total };
    (body.columns?.values ?? []).forEach((column: string | null, at: number) => {
      if (item.values[at] !== 0) table[String(item.row)]![String(column)] = item.values[at];
    });
  }
  return table;
};

const breakdown = (entries: { value: string | null; customers: number }[]) => Object.fromEntries(entries.map((e) => [String(e.value), e.customers]));
const countBy = (field: string) => {
  const counts: Record<string, number> = {};
  for (const c of customers) for (const value of valuesOf(c, field)) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
};

describe('GET /v1/reports/summary', () => {
  it('shows the figures computed from the customers, their purchases, complaints and follow-ups', async () => {
    const answer = await get('/v1/reports/summary', tenant.token);

    expect(answer.status).toBe(200);
    const summary = answer.body;
    expect(summary.customers).toBe(30);
    expect(breakdown(summary.byTier)).toEqual(countBy('tier'));
    expect(breakdown(summary.byStage)).toEqual(countBy('stage'));
    expect(breakdown(summary.byGender)).toEqual(countBy('gender'));
    expect(breakdown(summary.byAgeBand)).toEqual(countBy('ageBand'));
    expect(breakdown(summary.byProvince)).toEqual(countBy('province'));
    expect(breakdown(summary.byCity)).toEqual(countBy('city'));
    const revenue: Record<string, { revenue: number; orders: number }> = {};
    for (const p of purchases.filter((one) => one.completed)) {
      const month = (revenue[shanghaiMonth(p.occurredAt)] ??= { revenue: 0, orders: 0 });
      month.revenue += p.amount;
      month.orders += 1;
    }
    expect(Object.fromEntries(summary.revenueByMonth.map((m: any) => [m.month, { revenue: m.revenue.amount, orders: m.orders }]))).toEqual(revenue);
    expect(summary.newCustomersByMonth).toEqual([{ month: shanghaiMonth(customers[0].createdAt), customers: 30 }]);
    expect(summary.complaints).toEqual({ open: 3, inProgress: 1 });
    expect(summary.overdueFollowups).toBe(overdueFollowups);
    expect(summary.rolledUpAt).toEqual(expect.any(String));
  });

  it('follows a change: an erased customer leaves every figure', async () => {
    const extra = await newCustomer(tenant.token, { address: { city: '拉萨' } });
    await drain();
    const withExtra = breakdown((await get('/v1/reports/summary', tenant.token)).body.byCity);

    await del(`/v1/customers/${extra.id}`, tenant.token);
    await drain();
    const without = (await get('/v1/reports/summary', tenant.token)).body;

    expect(withExtra['拉萨']).toBe(1);
    expect(breakdown(without.byCity)['拉萨']).toBeUndefined();
    expect(without.customers).toBe(30);
  });
});

describe('GET /v1/reports/pivot', () => {
  const queries = [
    { rows: 'city', columns: 'tier', measure: 'customers', agg: 'count' },
    { rows: 'gender', measure: 'totalSpend', agg: 'sum' },
    { rows: 'tag', columns: 'city', measure: 'orderCount', agg: 'avg' },
    { rows: 'ageBand', columns: 'source', measure: 'totalSpend', agg: 'avg' },
    { rows: 'province', columns: 'gender', measure: 'orderCount', agg: 'sum' },
    { rows: 'stage', columns: 'tag', measure: 'customers', agg: 'count' },
  ];

  it.each(queries)('equals the figures computed from the customers: $rows by $columns, $agg of $measure', async (query) => {
    const answer = await get(`/v1/reports/pivot?${new URLSearchParams(query as Record<string, string>)}`, tenant.token);

    expect(answer.status, answer.text).toBe(200);
    expect(answeredPivot(answer.body)).toEqual(expectedPivot(customers, query));
  });

  it("sums a segment's members only", async () => {
    const segment = await post('/v1/segments', { name: 'vip', filter: { tags: ['vip'] } }, tenant.token);
    const query = { rows: 'city', columns: 'gender', measure: 'totalSpend', agg: 'sum' };

    const answer = await get(`/v1/reports/pivot?${new URLSearchParams({ ...query, segmentId: segment.body.id })}`, tenant.token);

    expect(answer.status, answer.text).toBe(200);
    expect(answeredPivot(answer.body)).toEqual(expectedPivot(customers.filter((c) => c.tags.includes('vip')), query));
  });

  it('refuses a pivot of a field by itself, an average of customers, and an unknown field', async () => {
    for (const query of ['rows=city&columns=city', 'rows=city&measure=customers&agg=avg', 'rows=shoeSize']) {
      const answer = await get(`/v1/reports/pivot?${query}`, tenant.token);

      expectProblem(answer, 400, 'validation-failed');
    }
  });

  it("answers 404 for another tenant's segment", async () => {
    const stranger = await newTenant();
    const theirs = await post('/v1/segments', { name: 'x', filter: {} }, stranger.token);

    expectProblem(await get(`/v1/reports/pivot?rows=city&segmentId=${theirs.body.id}`, tenant.token), 404, 'not-found');
  });
});
