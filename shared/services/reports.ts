import { addProfileChange, addRecordChange, monthIn, type CubeDeltas, type CubeField, type CubeItem } from '#shared/domain/report-cube';
import { addCells, breakdownOf, monthsOf, pivotOf, storedPairOf, cubeFieldOf, type Cells, type PivotCells, type PivotQuery, type PivotView, type ReportSummary } from '#shared/domain/reports';
import type { CustomerRecord } from '#shared/domain/records/record-kinds';
import { closingCustomers } from '#shared/data/customer-repository';
import type { Item, StartKey } from '#shared/data/pagination';
import { listRecords } from '#shared/data/record-repository';
import { countOverdueFollowups, readPivotRows, readReportItems, reportItemName } from '#shared/data/report-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import type { Caller } from './caller.ts';
import { customerFacets, recordFactsOf } from './report-rollup.ts';
import { requireSegment, segmentMemberProfiles } from './segment-members.ts';
import { tenantOf } from './tenant-context.ts';

/**
 * Reports read the sums the roll-up keeps (report-cube.ts), never the customers: the summary is
 * one BatchGetItem of its items (plus a count of the overdue follow-ups), a pivot one Query of its
 * pair's rows and the rows facet's item. A pivot of a segment is the exception: a segment is any
 * filter, so its figures are summed over its members, read through the segment's plan.
 */

const summaryFields: CubeField[] = ['tier', 'stage', 'gender', 'birthYear', 'province', 'city'];

const numbersOf = (items: Item[]): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (const item of items) for (const [name, value] of Object.entries(item)) if (typeof value === 'number' && name.includes('|')) sums[name] = (sums[name] ?? 0) + value;
  return sums;
};

const cellsOf = (items: Item[] | undefined): Cells => (items ?? []).reduce((cells: Cells, item) => addCells(cells, item), new Map());

/** When the newest of these items was last added to: how far the roll-up has got. */
const rolledUpAt = (items: Item[]): string | null =>
  items.reduce<string | null>((latest, item) => (typeof item.updatedAt === 'string' && (!latest || item.updatedAt > latest) ? item.updatedAt : latest), null);

/** Every record of one kind a customer still holds. */
const allRecords = async (scope: TenantScope, customerId: string, kind: 'transactions' | 'feedback' | 'followups'): Promise<CustomerRecord[]> => {
  const records: CustomerRecord[] = [];
  let startKey: StartKey | undefined;
  do {
    const page = await listRecords(scope, { kind, customerId }, { limit: 200, startKey });
    records.push(...page.items);
    startKey = page.lastKey;
  } while (startKey);
  return records;
};

/**
 * What the customers being closed (erased, or merged away) still add to the record figures: the
 * roll-up takes their profiles out as they are marked, but their records go one transaction at a
 * time after that (erased, or moved to the survivor). Until their closing ends, their purchases,
 * complaints and overdue follow-ups are taken out here, as the lists across customers drop their
 * records. The tenant's closing ledger is almost always empty: one Query, and nothing more.
 */
const closingShares = async (scope: TenantScope, now: Date, timeZone: string) => {
  const deltas: CubeDeltas = new Map();
  let overdueFollowups = 0;
  for (const customerId of (await closingCustomers(scope)).keys()) {
    const [purchases, feedback, followups] = await Promise.all([allRecords(scope, customerId, 'transactions'), allRecords(scope, customerId, 'feedback'), allRecords(scope, customerId, 'followups')]);
    for (const record of [...purchases, ...feedback]) addRecordChange(deltas, recordFactsOf(record, timeZone), undefined);
    overdueFollowups += followups.filter((record) => record.kind === 'followups' && record.status === 'open' && Date.parse(record.dueAt) < now.getTime()).length;
  }
  const sums = (cube: 'months' | 'counts') => Object.fromEntries(deltas.get(cube)?.adds ?? []);
  return { months: sums('months'), counts: sums('counts'), overdueFollowups };
};

const plus = (sums: Record<string, number>, more: Record<string, number>): Record<string, number> => {
  const total = { ...sums };
  for (const [name, value] of Object.entries(more)) total[name] = (total[name] ?? 0) + value;
  return total;
};

export const readSummary = async (caller: Caller): Promise<ReportSummary> => {
  const { scope, meta } = caller;
  const tenant = await tenantOf(scope);
  const wanted: CubeItem[] = [...summaryFields.map((field): CubeItem => ({ cube: 'field', field })), { cube: 'months' }, { cube: 'counts' }];
  const [items, overdue, closing] = await Promise.all([readReportItems(scope, wanted), countOverdueFollowups(scope, meta.now), closingShares(scope, meta.now, tenant.timezone)]);
  const year = Number(monthIn(meta.now.toISOString(), tenant.timezone).slice(0, 4));
  const field = (name: CubeField) => cellsOf(items.get(reportItemName({ cube: 'field', field: name })));
  const tiers = field('tier');
  const counts = plus(numbersOf(items.get('COUNTS') ?? []), closing.counts);
  return {
    asOf: meta.now.toISOString(),
    rolledUpAt: rolledUpAt([...items.values()].flat()),
    currency: tenant.currency,
    customers: [...tiers.values()].reduce((total, cell) => total + cell.c, 0),
    byTier: breakdownOf('tier', tiers, year),
    byStage: breakdownOf('stage', field('stage'), year),
    byGender: breakdownOf('gender', field('gender'), year),
    byAgeBand: breakdownOf('ageBand', field('birthYear'), year),
    byProvince: breakdownOf('province', field('province'), year),
    byCity: breakdownOf('city', field('city'), year),
    ...monthsOf(plus(numbersOf(items.get('MONTHS') ?? []), closing.months), tenant.currency),
    complaints: { open: counts['complaints|open'] ?? 0, inProgress: counts['complaints|in_progress'] ?? 0 },
    overdueFollowups: overdue - closing.overdueFollowups,
  };
};

/** The cells of one pivot from the kept sums: the rows facet's item and, with columns, its pair's rows. */
const storedPivotCells = async (scope: TenantScope, query: PivotQuery): Promise<PivotCells> => {
  const rowsField = cubeFieldOf(query.rows);
  const pair = query.columns ? storedPairOf(query.rows, query.columns) : undefined;
  const [items, rows] = await Promise.all([readReportItems(scope, [{ cube: 'field', field: rowsField }]), pair ? readPivotRows(scope, pair) : undefined]);
  return {
    rowField: cellsOf(items.get(reportItemName({ cube: 'field', field: rowsField }))),
    ...(pair && rows ? { pair: { rows: new Map([...rows].map(([row, rowItems]) => [row, cellsOf(rowItems)])), transposed: pair.transposed } } : {}),
  };
};

/** The same cells summed over a segment's members, as the roll-up would have added them. */
const segmentPivotCells = async (scope: TenantScope, query: PivotQuery & { segmentId: string }, timeZone: string): Promise<PivotCells> => {
  const segment = await requireSegment(scope, query.segmentId);
  const deltas: CubeDeltas = new Map();
  for await (const member of segmentMemberProfiles(scope, segment.filter)) addProfileChange(deltas, undefined, await customerFacets(scope, member, timeZone));
  const rowsField = cubeFieldOf(query.rows);
  const pair = query.columns ? storedPairOf(query.rows, query.columns) : undefined;
  const rows = new Map<string, Cells>();
  let rowField: Cells = new Map();
  for (const { item, adds } of deltas.values()) {
    const attributes = Object.fromEntries(adds);
    if (item.cube === 'field' && item.field === rowsField) rowField = addCells(rowField, attributes);
    if (pair && item.cube === 'pair' && item.rows === pair.rows && item.columns === pair.columns) rows.set(item.row, addCells(rows.get(item.row) ?? new Map(), attributes));
  }
  return { rowField, ...(pair ? { pair: { rows, transposed: pair.transposed } } : {}) };
};

export const readPivot = async (caller: Caller, query: PivotQuery): Promise<PivotView> => {
  const { scope, meta } = caller;
  const tenant = await tenantOf(scope);
  const cells = query.segmentId ? await segmentPivotCells(scope, { ...query, segmentId: query.segmentId }, tenant.timezone) : await storedPivotCells(scope, query);
  const year = Number(monthIn(meta.now.toISOString(), tenant.timezone).slice(0, 4));
  return {
    asOf: meta.now.toISOString(),
    ...(query.segmentId ? { segmentId: query.segmentId } : {}),
    ...pivotOf(query, cells, { currentYear: year, currency: tenant.currency }),
  };
};


