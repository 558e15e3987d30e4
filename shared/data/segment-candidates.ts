import type { CustomerCard } from '#shared/domain/customer-file';
import type { CustomerStats } from '#shared/domain/customer-view';
import type { SegmentAccess } from '#shared/domain/segments';
import { ulidBoundary } from '#shared/runtime/ids';
import { storedCustomerOf, type StoredCustomer } from './customer-repository.ts';
import { readKeys } from './batch-operations.ts';
import { keys } from './keys.ts';
import { queryPage, type Item, type PageQuery, type StartKey } from './pagination.ts';
import { tableDefinition, type IndexName } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * The customers a segment's plan reads (shared/domain/segments.ts, `planOf`), a page at a time,
 * in the order of the index read: a range of one of the tenant's customer listings, or the
 * birthday listing one month-day partition after another. The listings copy each customer's card
 * (and the last-purchase listing its figures too), not the profile; the profiles a filter needs
 * beyond that are read by key (`profilesOf`). Each candidate comes with the cursor that resumes
 * after it, so a page can stop at any customer and the next page go on from there.
 */
export type CandidateSource = Exclude<SegmentAccess, { index: 'birthday' }> | { index: 'birthday'; blindIndexes: string[] };

/** Where a walk resumes: the month-day partition (birthdays) and the key of the last customer read. */
export interface CandidateCursor {
  part?: number;
  key?: StartKey;
}

export interface Candidate {
  id: string;
  card: CustomerCard;
  /** The staff holding an open follow-up of the customer (what `visibility: own` also admits). */
  followers: Readonly<Record<string, unknown>>;
  /** Spend, orders and last purchase, where the listing copies them (the last-purchase listing). */
  stats?: Pick<CustomerStats, 'totalSpend' | 'orderCount' | 'lastPurchaseAt'> | undefined;
  after: CandidateCursor;
}

const isoOf = (time: string | undefined): string | undefined => (time === undefined ? undefined : new Date(time).toISOString());

const idAt = (time: string | undefined, fallbackMs: number): string => `cus_${ulidBoundary(time === undefined ? fallbackMs : Date.parse(time), 'first')}`;

/** The Query of the source's partition `part` (birthday sources have one per month-day). */
const queryOf = (scope: TenantScope, source: CandidateSource, part: number): (Omit<PageQuery, 'page'> & { index: IndexName }) | undefined => {
  const listing = keys.customerListing(scope);
  // A range of a listing is one partition; only the birthday listing has one per month-day.
  if (source.index !== 'birthday' && part > 0) return undefined;
  switch (source.index) {
    case 'birthday': {
      const blindIndex = source.blindIndexes[part];
      return blindIndex === undefined ? undefined : { index: 'CustomersByBirthday', partition: keys.birthdayListing(scope, blindIndex) };
    }
    case 'lastPurchase':
      return { index: 'CustomersByLastPurchase', partition: listing, newestFirst: true, range: { between: keys.lastPurchaseRange(isoOf(source.from), isoOf(source.to)) } };
    case 'created':
      return { index: 'CustomersByCreated', partition: listing, newestFirst: true, range: { between: keys.createdRange(idAt(source.from, 0), idAt(source.to, 2 ** 48 - 1)) } };
    case 'spend':
      return { index: 'CustomersBySpend', partition: listing, newestFirst: true, range: { between: keys.spendRange(source.from, source.to) } };
    case 'listing':
      return { index: 'CustomersByCreated', partition: listing, newestFirst: true };
  }
};

/** The LastEvaluatedKey a Query of `index` would give after `item`: the table's key and the index's. */
const resumeKeyOf = (index: IndexName, item: Item): StartKey => {
  const names = [tableDefinition.partitionKey, tableDefinition.sortKey, tableDefinition.indexes[index].partitionKey, tableDefinition.indexes[index].sortKey];
  return Object.fromEntries(names.map((name) => [name, item[name]]));
};

/** The customer id of a listing entry: the profile's partition key ends with it. */
const idOf = (item: Item): string => String(item.PK).slice(String(item.PK).lastIndexOf('#') + 1);

/** Every candidate from `start` on, a Query page of `pageSize` at a time. */
export async function* candidatePagesFrom(
  scope: TenantScope,
  source: CandidateSource,
  options: { start?: CandidateCursor | undefined; pageSize?: number } = {},
): AsyncGenerator<Candidate[]> {
  let part = options.start?.part ?? 0;
  let startKey = options.start?.key;
  for (let query = queryOf(scope, source, part); query; query = queryOf(scope, source, part)) {
    const index = query.index;
    do {
      const page = await queryPage(scope, { ...query, page: { limit: options.pageSize ?? 100, startKey } }, (item) => item);
      yield page.items.map((item) => ({
        id: idOf(item),
        card: item.card as CustomerCard,
        followers: (item.followers ?? {}) as Record<string, unknown>,
        ...(item.stats ? { stats: item.stats as CustomerStats } : {}),
        after: { part, key: resumeKeyOf(index, item) },
      }));
      startKey = page.lastKey;
    } while (startKey);
    part += 1;
  }
}

/**
 * The profiles of these customers, by id, read by key (BatchGetItem, eventually consistent like
 * the listing they came from). A customer being closed (erased or merged away) is left out, as it
 * has left the listings.
 */
export const profilesOf = async (scope: TenantScope, customerIds: readonly string[]): Promise<Map<string, StoredCustomer>> => {
  const items = await readKeys(scope, customerIds.map((id) => keys.customer(scope, id)));
  return new Map(items.filter((item) => !item.closing).map((item) => [String(item.id), storedCustomerOf(item)]));
};
