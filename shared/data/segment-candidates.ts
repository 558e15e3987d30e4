import type { SegmentAccess } from '#shared/domain/segments';
import { ulidBoundary } from '#shared/runtime/ids';
import { storedCustomerOf, type StoredCustomer } from './customer-repository.ts';
import { keys } from './keys.ts';
import { queryPage, type Item, type PageQuery, type StartKey } from './pagination.ts';
import { tableDefinition, type IndexName } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * The customers a segment's plan reads (shared/domain/segments.ts, `planOf`), one at a time, in
 * the order of the index read: a range of one of the tenant's customer listings, or the birthday
 * index one month-day partition after another. Each comes with the cursor that resumes after it,
 * so a page can stop at any customer and the next page go on from there.
 */
export type CandidateSource = Exclude<SegmentAccess, { index: 'birthday' }> | { index: 'birthday'; blindIndexes: string[] };

/** Where a walk resumes: the month-day partition (birthdays) and the key of the last customer read. */
export interface CandidateCursor {
  part?: number;
  key?: StartKey;
}

export interface Candidate {
  customer: StoredCustomer;
  after: CandidateCursor;
}

const isoOf = (time: string | undefined): string | undefined => (time === undefined ? undefined : new Date(time).toISOString());

const idAt = (time: string | undefined, fallbackMs: number): string => `cus_${ulidBoundary(time === undefined ? fallbackMs : Date.parse(time), 'first')}`;

/** The Query of the source's partition `part` (birthday sources have one per month-day). */
const queryOf = (scope: TenantScope, source: CandidateSource, part: number): Omit<PageQuery, 'page'> | undefined => {
  const listing = keys.customerListing(scope);
  // A range of a listing is one partition; only the birthday index has one per month-day.
  if (source.index !== 'birthday' && part > 0) return undefined;
  switch (source.index) {
    case 'birthday': {
      const blindIndex = source.blindIndexes[part];
      return blindIndex === undefined ? undefined : { index: 'GSI2', partition: keys.birthdayListing(scope, blindIndex) };
    }
    case 'lastPurchase':
      return { index: 'GSI4', partition: listing, newestFirst: true, range: { between: keys.lastPurchaseRange(isoOf(source.from), isoOf(source.to)) } };
    case 'created':
      return { index: 'GSI3', partition: listing, newestFirst: true, range: { between: keys.createdRange(idAt(source.from, 0), idAt(source.to, 2 ** 48 - 1)) } };
    case 'spend':
      return { index: 'GSI5', partition: listing, newestFirst: true, range: { between: keys.spendRange(source.from, source.to) } };
    case 'listing':
      return { index: 'GSI3', partition: listing, newestFirst: true };
  }
};

/** The LastEvaluatedKey a Query of `index` would give after `item`: the table's key and the index's. */
const resumeKeyOf = (index: IndexName | undefined, item: Item): StartKey => {
  const names = [tableDefinition.partitionKey, tableDefinition.sortKey, ...(index ? [tableDefinition.indexes[index].partitionKey, tableDefinition.indexes[index].sortKey] : [])];
  return Object.fromEntries(names.map((name) => [name, item[name]]));
};

/** Every candidate from `start` on, read a page of `pageSize` at a time. */
export async function* candidatesFrom(scope: TenantScope, source: CandidateSource, options: { start?: CandidateCursor | undefined; pageSize?: number } = {}): AsyncGenerator<Candidate> {
  let part = options.start?.part ?? 0;
  let startKey = options.start?.key;
  for (let query = queryOf(scope, source, part); query; query = queryOf(scope, source, part)) {
    do {
      const page = await queryPage(scope, { ...query, page: { limit: options.pageSize ?? 100, startKey } }, (item) => item);
      for (const item of page.items) {
        // A closing profile leaves the listings as it is marked; an index a moment behind may still show it.
        if (item.closing) continue;
        yield { customer: storedCustomerOf(item), after: { part, key: resumeKeyOf(query.index, item) } };
      }
      startKey = page.lastKey;
    } while (startKey);
    part += 1;
  }
}
