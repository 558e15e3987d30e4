import type { CustomerFile } from './customer-file.ts';

/**
 * The figures behind reports, kept as sums so that a report reads a few items instead of every
 * customer. A customer counts in cells by their facets (tier, stage, gender, birth year, province,
 * city, source, each tag); each cell holds customers (`c`), total spend (`s`, minor units) and
 * orders (`o`). Cells live in three shapes of item:
 *
 * - a **field** item per facet: one cell per value (customers by city…);
 * - a **pair** item per two facets and value of the first: one cell per value of the second
 *   (the rows of a pivot of city by tier). Which facet is the row is fixed by `cubeFields`' order,
 *   lower-cardinality first and `tag` always a column, so one customer's change touches one item
 *   per pair whatever the number of their tags;
 * - **months** (revenue, orders, new customers per month) and **counts** (complaints by status).
 *
 * A change of a profile or record is a delta: the before-image's contributions taken away, the
 * after-image's added. Pure: the roll-up reads images off the table stream and adds deltas.
 */
export const cubeFields = ['gender', 'tier', 'stage', 'source', 'province', 'birthYear', 'city', 'tag'] as const;
export type CubeField = (typeof cubeFields)[number];

export type Measure = 'c' | 's' | 'o';

export interface ReportFacets {
  /** One value per facet ('' when the customer has none); `tag` may hold several. */
  values: Record<CubeField, readonly string[]>;
  spend: number;
  orders: number;
  /** The month the customer was opened, in the tenant's time zone. */
  createdMonth: string;
}

export type CubeItem =
  | { cube: 'field'; field: CubeField }
  | { cube: 'pair'; rows: CubeField; columns: CubeField; row: string }
  | { cube: 'months' }
  | { cube: 'counts' };

/** What to add to the attributes of one item. */
export interface ItemDelta {
  item: CubeItem;
  adds: Map<string, number>;
}

/** Deltas by item, folded over many changes (a stream batch) so each item is written once. */
export type CubeDeltas = Map<string, ItemDelta>;

export const cellName = (measure: Measure, value: string): string => `${measure}|${value}`;

const itemId = (item: CubeItem): string =>
  item.cube === 'field' ? `F/${item.field}` : item.cube === 'pair' ? `P/${item.rows}/${item.columns}/${item.row}` : item.cube;

const add = (deltas: CubeDeltas, item: CubeItem, attribute: string, by: number): void => {
  if (by === 0) return;
  const id = itemId(item);
  let entry = deltas.get(id);
  if (!entry) deltas.set(id, (entry = { item, adds: new Map() }));
  const next = (entry.adds.get(attribute) ?? 0) + by;
  if (next === 0) entry.adds.delete(attribute);
  else entry.adds.set(attribute, next);
};

const addCell = (deltas: CubeDeltas, item: CubeItem, value: string, facets: ReportFacets, sign: number): void => {
  add(deltas, item, cellName('c', value), sign);
  add(deltas, item, cellName('s', value), sign * facets.spend);
  add(deltas, item, cellName('o', value), sign * facets.orders);
};

const contribute = (deltas: CubeDeltas, facets: ReportFacets, sign: number): void => {
  cubeFields.forEach((field, at) => {
    for (const value of facets.values[field]) addCell(deltas, { cube: 'field', field }, value, facets, sign);
    for (const columns of cubeFields.slice(at + 1)) {
      for (const row of facets.values[field]) {
        for (const value of facets.values[columns]) addCell(deltas, { cube: 'pair', rows: field, columns, row }, value, facets, sign);
      }
    }
  });
  add(deltas, { cube: 'months' }, `new|${facets.createdMonth}`, sign);
};

/** A profile written, changed or removed: its old contributions out, its new ones in. */
export const addProfileChange = (deltas: CubeDeltas, before: ReportFacets | undefined, after: ReportFacets | undefined): void => {
  if (before) contribute(deltas, before, -1);
  if (after) contribute(deltas, after, 1);
};

/** What a record contributes: a completed purchase to its month, a complaint to its status. */
export type RecordFacts = { kind: 'purchase'; month: string; amount: number } | { kind: 'complaint'; status: string } | { kind: 'none' };

const contributeRecord = (deltas: CubeDeltas, facts: RecordFacts, sign: number): void => {
  if (facts.kind === 'purchase') {
    add(deltas, { cube: 'months' }, `rev|${facts.month}`, sign * facts.amount);
    add(deltas, { cube: 'months' }, `ord|${facts.month}`, sign);
  } else if (facts.kind === 'complaint') {
    add(deltas, { cube: 'counts' }, `complaints|${facts.status}`, sign);
  }
};

export const addRecordChange = (deltas: CubeDeltas, before: RecordFacts | undefined, after: RecordFacts | undefined): void => {
  if (before) contributeRecord(deltas, before, -1);
  if (after) contributeRecord(deltas, after, 1);
};

/** The deltas that change something (a profile write that moved no facet leaves none). */
export const effectiveDeltas = (deltas: CubeDeltas): ItemDelta[] => [...deltas.values()].filter((delta) => delta.adds.size > 0);

/** `YYYY-MM` of an instant in a time zone: a purchase at 23:30 on 31 March in Shanghai is March's. */
export const monthIn = (iso: string, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
};

/**
 * A customer's facets. `birthYear` comes from the sealed birthday, opened by the caller; the year
 * is all an aggregate keeps of it, and it never travels in an event.
 */
export const facetsOf = (file: CustomerFile, context: { birthYear: string | undefined; timeZone: string }): ReportFacets => {
  const plain = file.plain;
  const one = (value: string | undefined): string[] => [value ?? ''];
  return {
    values: {
      gender: one(plain.gender),
      tier: [file.tier],
      stage: [file.stage],
      source: one(plain.source),
      province: one(plain.address?.province),
      birthYear: one(context.birthYear),
      city: one(plain.address?.city),
      tag: plain.tags.length > 0 ? [...plain.tags] : [''],
    },
    spend: file.stats.totalSpend.amount,
    orders: file.stats.orderCount,
    createdMonth: monthIn(file.createdAt, context.timeZone),
  };
};
