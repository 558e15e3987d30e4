import * as z from 'zod';
import { genders, stages, tiers } from './customer.ts';
import { cubeFields, type CubeField, type Measure } from './report-cube.ts';
import { IsoDateTimeSchema, MoneySchema, idSchemaFor, type Money } from './values.ts';

/**
 * What reports show, from the sums of report-cube.ts: the summary of the whole archive and pivot
 * tables of one facet by another. Pure: the data layer hands over the cells it read.
 */
export const pivotFields = ['tier', 'stage', 'gender', 'ageBand', 'province', 'city', 'source', 'tag'] as const;
export type PivotField = (typeof pivotFields)[number];

export const PivotQuerySchema = z
  .strictObject({
    rows: z.enum(pivotFields),
    columns: z.enum(pivotFields).optional(),
    measure: z.enum(['customers', 'totalSpend', 'orderCount']).default('customers'),
    agg: z.enum(['sum', 'avg', 'count']).optional(),
    segmentId: idSchemaFor('segment').optional(),
  })
  .refine((q) => q.columns === undefined || q.columns !== q.rows, { path: ['columns'], message: 'Must differ from rows', when: (p) => p.issues.length === 0 })
  .refine((q) => q.measure !== 'customers' || q.agg === undefined || q.agg === 'count', {
    path: ['agg'],
    message: 'Customers are counted: use agg=count (or leave it out)',
    when: (p) => p.issues.length === 0,
  });
export type PivotQuery = z.output<typeof PivotQuerySchema>;

export interface CellFigures {
  c: number;
  s: number;
  o: number;
}
/** Cells by facet value ('' for customers without one). */
export type Cells = Map<string, CellFigures>;

/** Cells from an item's attributes (`c|上海` …), added to `into` (shards of one item add up). */
export const addCells = (into: Cells, attributes: Record<string, unknown>): Cells => {
  for (const [name, raw] of Object.entries(attributes)) {
    const bar = name.indexOf('|');
    const measure = name.slice(0, bar) as Measure;
    if (bar < 1 || !['c', 's', 'o'].includes(measure) || typeof raw !== 'number') continue;
    const value = name.slice(bar + 1);
    const cell = into.get(value) ?? { c: 0, s: 0, o: 0 };
    cell[measure] += raw;
    into.set(value, cell);
  }
  return into;
};

export const ageBands = ['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

/** The band of the age a customer reaches this year (by birth year: the only part of a birthday aggregates keep). */
export const ageBandOf = (birthYear: string, currentYear: number): string => {
  if (!/^\d{4}$/.test(birthYear)) return '';
  const age = currentYear - Number(birthYear);
  const upper = [17, 24, 34, 44, 54, 64];
  const at = upper.findIndex((limit) => age <= limit);
  return ageBands[at === -1 ? ageBands.length - 1 : at] ?? '';
};

/** The stored facet behind a pivot field: an age band is read from birth years. */
export const cubeFieldOf = (field: PivotField): CubeField => (field === 'ageBand' ? 'birthYear' : field);

/** Rows of cells keyed by the stored value, regrouped for the asked field (birth years into bands). */
const regrouped = (cells: Cells, field: PivotField, currentYear: number): Cells => {
  if (field !== 'ageBand') return cells;
  const bands: Cells = new Map();
  for (const [year, cell] of cells) {
    const band = ageBandOf(year, currentYear);
    const sum = bands.get(band) ?? { c: 0, s: 0, o: 0 };
    bands.set(band, { c: sum.c + cell.c, s: sum.s + cell.s, o: sum.o + cell.o });
  }
  return bands;
};

const enumOrders: Partial<Record<PivotField, readonly string[]>> = { tier: tiers, stage: stages, gender: genders, ageBand: ageBands };

/** Values in their natural order (tiers, stages, bands), others by customers, most first; unknown last. */
const orderedValues = (field: PivotField, cells: Cells): string[] => {
  const known = enumOrders[field];
  const rank = (value: string) => (value === '' ? Number.MAX_SAFE_INTEGER : known ? known.indexOf(value) : 0);
  return [...cells.keys()].sort((a, b) => rank(a) - rank(b) || (known ? 0 : (cells.get(b)?.c ?? 0) - (cells.get(a)?.c ?? 0)) || a.localeCompare(b));
};

const presentValue = (value: string): string | null => (value === '' ? null : value);

export interface Breakdown {
  value: string | null;
  customers: number;
}

/** Customers by each value of a facet, in the facet's order. */
export const breakdownOf = (field: PivotField, cells: Cells, currentYear: number): Breakdown[] => {
  const grouped = regrouped(cells, field, currentYear);
  return orderedValues(field, grouped)
    .map((value) => ({ value: presentValue(value), customers: grouped.get(value)?.c ?? 0 }))
    .filter((entry) => entry.customers !== 0);
};

export interface PivotCells {
  /** Customers by value of the rows' facet (its field item): the row totals. */
  rowField: Cells;
  /** With columns: the rows of the stored pair, each row's cells by value of its other facet. */
  pair?: { rows: Map<string, Cells>; transposed: boolean } | undefined;
}

const ZERO: CellFigures = { c: 0, s: 0, o: 0 };
const plus = (a: CellFigures, b: CellFigures): CellFigures => ({ c: a.c + b.c, s: a.s + b.s, o: a.o + b.o });
const addTo = (cells: Cells, key: string, cell: CellFigures) => cells.set(key, plus(cells.get(key) ?? ZERO, cell));

/** The key a stored value is shown under: a birth year under its age band. */
const keyFor = (field: PivotField, value: string, currentYear: number): string => (field === 'ageBand' ? ageBandOf(value, currentYear) : value);

const figureOf = (cell: CellFigures | undefined, query: PivotQuery): number => {
  if (!cell || cell.c === 0) return 0;
  if (query.measure === 'customers' || query.agg === 'count') return cell.c;
  const total = query.measure === 'totalSpend' ? cell.s : cell.o;
  if (query.agg !== 'avg') return total;
  return query.measure === 'totalSpend' ? Math.round(total / cell.c) : Math.round((total / cell.c) * 100) / 100;
};

/**
 * The pivot table: one item per row value with its figure per column value (aligned with
 * `columns.values`) and its total. A total is the row's own figure (from the rows' field item), so
 * it stays right when the columns are tags and a customer counts once per tag.
 */
export const pivotOf = (query: PivotQuery, cells: PivotCells, context: { currentYear: number; currency: string }) => {
  const year = context.currentYear;
  const rowTotals: Cells = new Map();
  for (const [value, cell] of cells.rowField) addTo(rowTotals, keyFor(query.rows, value, year), cell);
  const byRow = new Map<string, Cells>();
  const columnTotals: Cells = new Map();
  for (const [stored, storedCells] of cells.pair?.rows ?? []) {
    for (const [other, cell] of storedCells) {
      const [rowValue, columnValue] = cells.pair?.transposed ? [other, stored] : [stored, other];
      const row = keyFor(query.rows, rowValue, year);
      const column = query.columns ? keyFor(query.columns, columnValue, year) : columnValue;
      const rowCells = byRow.get(row) ?? new Map<string, CellFigures>();
      byRow.set(row, addTo(rowCells, column, cell));
      addTo(columnTotals, column, cell);
    }
  }
  const columnValues = query.columns ? orderedValues(query.columns, columnTotals).filter((column) => (columnTotals.get(column)?.c ?? 0) !== 0) : [];
  return {
    rows: query.rows,
    columns: query.columns ? { field: query.columns, values: columnValues.map(presentValue) } : null,
    measure: query.measure,
    agg: query.measure === 'customers' ? 'count' : (query.agg ?? 'sum'),
    ...(query.measure === 'totalSpend' ? { currency: context.currency } : {}),
    items: orderedValues(query.rows, rowTotals)
      .filter((row) => (rowTotals.get(row)?.c ?? 0) !== 0)
      .map((row) => ({
        row: presentValue(row),
        values: columnValues.map((column) => figureOf(byRow.get(row)?.get(column), query)),
        total: figureOf(rowTotals.get(row), query),
      })),
  };
};
export type Pivot = ReturnType<typeof pivotOf>;

/** The stored pair a pivot reads: its facets in `cubeFields` order, and whether it is read transposed. */
export const storedPairOf = (rows: PivotField, columns: PivotField): { rows: CubeField; columns: CubeField; transposed: boolean } => {
  const [a, b] = [cubeFieldOf(rows), cubeFieldOf(columns)];
  return cubeFields.indexOf(a) < cubeFields.indexOf(b) ? { rows: a, columns: b, transposed: false } : { rows: b, columns: a, transposed: true };
};

export interface MonthFigures {
  month: string;
  revenue: Money;
  orders: number;
}

/** Revenue, orders and new customers per month, oldest first, from the months item's sums. */
export const monthsOf = (sums: Record<string, number>, currency: string) => {
  const months = new Set<string>();
  for (const name of Object.keys(sums)) if (/^(rev|ord|new)\|\d{4}-\d{2}$/.test(name)) months.add(name.slice(4));
  const sorted = [...months].sort();
  return {
    revenueByMonth: sorted
      .filter((month) => (sums[`ord|${month}`] ?? 0) !== 0 || (sums[`rev|${month}`] ?? 0) !== 0)
      .map((month): MonthFigures => ({ month, revenue: { amount: sums[`rev|${month}`] ?? 0, currency }, orders: sums[`ord|${month}`] ?? 0 })),
    newCustomersByMonth: sorted.filter((month) => (sums[`new|${month}`] ?? 0) !== 0).map((month) => ({ month, customers: sums[`new|${month}`] ?? 0 })),
  };
};

const BreakdownSchema = z
  .object({ value: z.string().nullable().describe('null: customers without one'), customers: z.number().int().min(0) })
  .meta({ id: 'ReportBreakdown' });
const monthText = z.string().regex(/^\d{4}-\d{2}$/).describe("A month in the tenant's time zone (YYYY-MM)");

/** `GET /v1/reports/summary`. */
export const ReportSummarySchema = z
  .object({
    asOf: IsoDateTimeSchema,
    rolledUpAt: IsoDateTimeSchema.nullable().describe('When the kept sums were last added to: the figures trail the archive by the roll-up (seconds)'),
    currency: z.string(),
    customers: z.number().int().min(0),
    byTier: z.array(BreakdownSchema),
    byStage: z.array(BreakdownSchema),
    byGender: z.array(BreakdownSchema),
    byAgeBand: z.array(BreakdownSchema),
    byProvince: z.array(BreakdownSchema),
    byCity: z.array(BreakdownSchema),
    revenueByMonth: z.array(z.object({ month: monthText, revenue: MoneySchema, orders: z.number().int() })),
    newCustomersByMonth: z.array(z.object({ month: monthText, customers: z.number().int() })),
    complaints: z.object({ open: z.number().int().min(0), inProgress: z.number().int().min(0) }),
    overdueFollowups: z.number().int().min(0),
  })
  .meta({ id: 'ReportSummary' });
export type ReportSummary = z.output<typeof ReportSummarySchema>;

/** `GET /v1/reports/pivot`. */
export const PivotSchema = z
  .object({
    asOf: IsoDateTimeSchema,
    segmentId: idSchemaFor('segment').optional(),
    rows: z.enum(pivotFields),
    columns: z.object({ field: z.enum(pivotFields), values: z.array(z.string().nullable()) }).nullable(),
    measure: z.enum(['customers', 'totalSpend', 'orderCount']),
    agg: z.enum(['sum', 'avg', 'count']),
    currency: z.string().optional().describe('For totalSpend: figures are minor units of it'),
    items: z.array(
      z.object({
        row: z.string().nullable(),
        values: z.array(z.number()).describe("One figure per columns.values, in that order"),
        total: z.number().describe("The row's own figure (a customer counts once, whatever their tags)"),
      }),
    ),
  })
  .meta({ id: 'ReportPivot' });
export type PivotView = z.output<typeof PivotSchema>;
