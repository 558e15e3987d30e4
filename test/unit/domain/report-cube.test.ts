import { describe, expect, it } from 'vitest';
import { addProfileChange, addRecordChange, effectiveDeltas, monthIn, type CubeDeltas, type ReportFacets } from '#shared/domain/report-cube';
import { addCells, ageBandOf, pivotOf, storedPairOf, type Cells } from '#shared/domain/reports';

const facets = (overrides: Partial<ReportFacets['values']> = {}, spend = 1000, orders = 1): ReportFacets => ({
  values: { gender: ['female'], tier: ['regular'], stage: ['new'], source: [''], province: ['浙江'], birthYear: ['1990'], city: ['杭州'], tag: ['vip', 'tea'], ...overrides },
  spend,
  orders,
  createdMonth: '2026-03',
});

const attributesOf = (deltas: CubeDeltas, id: string) => Object.fromEntries(deltas.get(id)?.adds ?? []);

describe('report deltas', () => {
  it('adds a new customer to each facet, each pair row and their month', () => {
    const deltas: CubeDeltas = new Map();

    addProfileChange(deltas, undefined, facets());

    expect(attributesOf(deltas, 'F/city')).toEqual({ 'c|杭州': 1, 's|杭州': 1000, 'o|杭州': 1 });
    expect(attributesOf(deltas, 'F/tag')).toEqual({ 'c|vip': 1, 's|vip': 1000, 'o|vip': 1, 'c|tea': 1, 's|tea': 1000, 'o|tea': 1 });
    expect(attributesOf(deltas, 'P/tier/tag/regular')).toMatchObject({ 'c|vip': 1, 'c|tea': 1 });
    expect(attributesOf(deltas, 'months')).toEqual({ 'new|2026-03': 1 });
    // 8 facet items, 28 pair rows (one row value each), the months item.
    expect(effectiveDeltas(deltas)).toHaveLength(8 + 28 + 1);
  });

  it('moves only what changed: a purchase moves spend and orders, a new tier moves the tier cells', () => {
    const deltas: CubeDeltas = new Map();

    addProfileChange(deltas, facets(), facets({ tier: ['vip'] }, 5000, 2));

    expect(attributesOf(deltas, 'F/tier')).toEqual({ 'c|regular': -1, 's|regular': -1000, 'o|regular': -1, 'c|vip': 1, 's|vip': 5000, 'o|vip': 2 });
    expect(attributesOf(deltas, 'F/city')).toEqual({ 's|杭州': 4000, 'o|杭州': 1 });
    expect(attributesOf(deltas, 'months')).toEqual({});
  });

  it('folds a creation and an erasure in one batch into nothing at all', () => {
    const deltas: CubeDeltas = new Map();

    addProfileChange(deltas, undefined, facets());
    addProfileChange(deltas, facets(), undefined);
    addRecordChange(deltas, undefined, { kind: 'purchase', month: '2026-03', amount: 500 });
    addRecordChange(deltas, { kind: 'purchase', month: '2026-03', amount: 500 }, undefined);

    expect(effectiveDeltas(deltas)).toEqual([]);
  });

  it('counts a complaint under its status, moving as it is worked on', () => {
    const deltas: CubeDeltas = new Map();

    addRecordChange(deltas, undefined, { kind: 'complaint', status: 'open' });
    addRecordChange(deltas, { kind: 'complaint', status: 'open' }, { kind: 'complaint', status: 'in_progress' });

    expect(attributesOf(deltas, 'counts')).toEqual({ 'complaints|in_progress': 1 });
  });

  it("puts an instant in its month in the tenant's time zone", () => {
    expect(monthIn('2026-03-31T16:30:00Z', 'Asia/Shanghai')).toBe('2026-04');
    expect(monthIn('2026-03-31T16:30:00Z', 'Europe/London')).toBe('2026-03');
  });
});

describe('pivot tables', () => {
  const cells = (entries: [string, number, number, number][]): Cells => addCells(new Map(), Object.fromEntries(entries.flatMap(([value, c, s, o]) => [[`c|${value}`, c], [`s|${value}`, s], [`o|${value}`, o]])));

  it('reads a stored pair the other way round when asked for it transposed', () => {
    expect(storedPairOf('city', 'tier')).toEqual({ rows: 'tier', columns: 'city', transposed: true });
    expect(storedPairOf('tier', 'tag')).toEqual({ rows: 'tier', columns: 'tag', transposed: false });
    expect(storedPairOf('ageBand', 'gender')).toEqual({ rows: 'gender', columns: 'birthYear', transposed: true });
  });

  it('groups birth years into age bands as of the current year', () => {
    expect(ageBandOf('2000', 2026)).toBe('25-34');
    expect(ageBandOf('2009', 2026)).toBe('0-17');
    expect(ageBandOf('1950', 2026)).toBe('65+');
    expect(ageBandOf('', 2026)).toBe('');
  });

  it('takes row totals from the rows facet, so a customer with two tags counts once in a row total', () => {
    const pivot = pivotOf(
      { rows: 'city', columns: 'tag', measure: 'customers' },
      { rowField: cells([['杭州', 2, 0, 0]]), pair: { rows: new Map([['杭州', cells([['vip', 2, 0, 0], ['tea', 1, 0, 0]])]]), transposed: false } },
      { currentYear: 2026, currency: 'CNY' },
    );

    expect(pivot.columns).toEqual({ field: 'tag', values: ['vip', 'tea'] });
    expect(pivot.items).toEqual([{ row: '杭州', values: [2, 1], total: 2 }]);
  });

  it('averages spend in minor units and orders to two decimals', () => {
    const rowField = cells([['female', 3, 10_000, 4]]);

    expect(pivotOf({ rows: 'gender', measure: 'totalSpend', agg: 'avg' }, { rowField }, { currentYear: 2026, currency: 'CNY' }).items).toEqual([{ row: 'female', values: [], total: 3333 }]);
    expect(pivotOf({ rows: 'gender', measure: 'orderCount', agg: 'avg' }, { rowField }, { currentYear: 2026, currency: 'CNY' }).items[0]?.total).toBe(1.33);
  });
});
