import type { Stage, Tier } from '#shared/domain/customer';
import { nameKey } from '#shared/domain/customer-file';
import { storedCustomerOf, type StoredCustomer } from './customer-repository.ts';
import { keys } from './keys.ts';
import { queryPage, type AttributeFilter, type Page, type PageRequest } from './pagination.ts';
import type { IndexName } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/** The tenant's customer listings, one index per sort order (docs/data-model.md, patterns 14–18). */
export type CustomerSort = 'name' | '-createdAt' | '-lastPurchaseAt' | '-totalSpend';

export interface CustomerFilters {
  namePrefix?: string | undefined;
  tier?: Tier | undefined;
  stage?: Stage | undefined;
  tag?: string | undefined;
  ownerUserId?: string | undefined;
  /** Only the customers this staff user may see under `visibility: own` (owned, or with their open follow-up). */
  visibleTo?: string | undefined;
}

const sortIndexes: Record<CustomerSort, { index: IndexName; newestFirst: boolean }> = {
  name: { index: 'GSI1', newestFirst: false },
  '-createdAt': { index: 'GSI3', newestFirst: true },
  '-lastPurchaseAt': { index: 'GSI4', newestFirst: true },
  '-totalSpend': { index: 'GSI5', newestFirst: true },
};

const filtersOf = (filters: CustomerFilters): AttributeFilter[] => [
  ...(filters.tier ? [{ path: ['tier'], equals: filters.tier }] : []),
  ...(filters.stage ? [{ path: ['stage'], equals: filters.stage }] : []),
  ...(filters.tag ? [{ path: ['plain', 'tags'], contains: filters.tag }] : []),
  ...(filters.ownerUserId ? [{ path: ['plain', 'ownerUserId'], equals: filters.ownerUserId }] : []),
  ...(filters.visibleTo
    ? [{ anyOf: [{ path: ['plain', 'ownerUserId'], equals: filters.visibleTo }, { path: ['tallies', 'openFollowupsBy', filters.visibleTo], exists: true as const }] }]
    : []),
];

/**
 * One Query page of the tenant's customers in the asked order. A name prefix is a key condition
 * on the name index; tier, stage, tag and owner are filters on the page (a page may hold fewer
 * than `limit` items and still have a next cursor).
 */
export const listCustomers = (scope: TenantScope, query: { sort: CustomerSort; filters: CustomerFilters }, page: PageRequest): Promise<Page<StoredCustomer>> => {
  const byPrefix = query.filters.namePrefix !== undefined;
  const order = sortIndexes[byPrefix ? 'name' : query.sort];
  return queryPage(
    scope,
    {
      index: order.index,
      partition: keys.customerListing(scope),
      range: byPrefix ? { beginsWith: keys.nameSortKey(nameKey(query.filters.namePrefix ?? '')) } : undefined,
      newestFirst: order.newestFirst,
      filters: filtersOf(query.filters),
      page,
    },
    storedCustomerOf,
  );
};

/** Customers whose birthday month-day blinds to `blindIndex`: reads only those customers. */
export const listCustomersByBirthday = (scope: TenantScope, blindIndex: string, page: PageRequest, filters: CustomerFilters = {}): Promise<Page<StoredCustomer>> =>
  queryPage(scope, { index: 'GSI2', partition: keys.birthdayListing(scope, blindIndex), filters: filtersOf(filters), page }, storedCustomerOf);
