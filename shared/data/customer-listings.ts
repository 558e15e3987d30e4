import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Stage, Tier } from '#shared/domain/customer';
import type { Tallies } from '#shared/domain/customer-figures';
import { nameKey, type CustomerCard } from '#shared/domain/customer-file';
import type { CustomerStats, Rfm } from '#shared/domain/customer-view';
import type { Money } from '#shared/domain/values';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryAll, queryPage, type AttributeFilter, type Item, type Page, type PageRequest, type StartKey } from './pagination.ts';
import { tableDefinition, type IndexName } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * The tenant's customer listings, one index per order (docs/data-model.md, patterns 14–18). They
 * copy each profile's card (`cardOf`), not the profile: a page of 50 is a few KB.
 */
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

/** A customer as a listing holds it: its id and its card. */
export interface ListedCustomer {
  id: string;
  card: CustomerCard;
}

/** The orders one index serves alone; spend is two (`listBySpend`). */
const sortIndexes: Record<Exclude<CustomerSort, '-totalSpend'>, { index: IndexName; newestFirst: boolean }> = {
  name: { index: 'CustomersByName', newestFirst: false },
  '-createdAt': { index: 'CustomersByCreated', newestFirst: true },
  '-lastPurchaseAt': { index: 'CustomersByLastPurchase', newestFirst: true },
};

const filtersOf = (filters: CustomerFilters): AttributeFilter[] => [
  ...(filters.tier ? [{ path: ['card', 'tier'], equals: filters.tier }] : []),
  ...(filters.stage ? [{ path: ['card', 'stage'], equals: filters.stage }] : []),
  ...(filters.tag ? [{ path: ['card', 'tags'], contains: filters.tag }] : []),
  ...(filters.ownerUserId ? [{ path: ['card', 'ownerUserId'], equals: filters.ownerUserId }] : []),
  ...(filters.visibleTo
    ? [{ anyOf: [{ path: ['card', 'ownerUserId'], equals: filters.visibleTo }, { path: ['followers', filters.visibleTo], exists: true as const }] }]
    : []),
];

/** The customer id of a listing entry: the profile's partition key ends with it. */
const idOf = (item: Item): string => String(item.PK).slice(String(item.PK).lastIndexOf('#') + 1);

const listedCustomerOf = (item: Item): ListedCustomer => ({ id: idOf(item), card: item.card as CustomerCard });

/**
 * One Query page of the tenant's customers in the asked order. A name prefix is a key condition
 * on the name index; tier, stage, tag and owner are filters on the page (a page may hold fewer
 * than `limit` items and still have a next cursor).
 */
export const listCustomers = (scope: TenantScope, query: { sort: CustomerSort; filters: CustomerFilters }, page: PageRequest): Promise<Page<ListedCustomer>> => {
  const byPrefix = query.filters.namePrefix !== undefined;
  const sort = byPrefix ? 'name' : query.sort;
  if (sort === '-totalSpend') return listBySpend(scope, query.filters, page);
  const order = sortIndexes[sort];
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
    listedCustomerOf,
  );
};

/** A last-purchase listing key in a cursor says the walk is among who never bought; empty, it starts there. */
const NEVER_BOUGHT = tableDefinition.indexes.CustomersByLastPurchase.sortKey;

/**
 * Customers by total spend, highest first. Only who has bought has a spend entry (a sparse index:
 * a new customer costs one index write fewer); who never bought comes after the lowest spender,
 * newest first, as the last-purchase listing sorts them under `0000`. A page that ends the
 * ranking is filled from there in the same request, so the walk reads each card once.
 */
const listBySpend = async (scope: TenantScope, filters: CustomerFilters, page: PageRequest): Promise<Page<ListedCustomer>> => {
  const listing = { partition: keys.customerListing(scope), newestFirst: true, filters: filtersOf(filters) };
  const neverBought = (limit: number, startKey?: StartKey) =>
    queryPage(scope, { ...listing, index: 'CustomersByLastPurchase', range: { beginsWith: keys.neverBoughtPrefix }, page: { limit, startKey } }, listedCustomerOf);
  const from = page.startKey?.[NEVER_BOUGHT];
  if (from !== undefined) return neverBought(page.limit, from ? page.startKey : undefined);
  const ranked = await queryPage(scope, { ...listing, index: 'CustomersBySpend', page }, listedCustomerOf);
  const room = page.limit - ranked.items.length;
  if (ranked.lastKey || room <= 0) return { items: ranked.items, lastKey: ranked.lastKey ?? { [NEVER_BOUGHT]: '' } };
  const rest = await neverBought(room);
  return { items: [...ranked.items, ...rest.items], lastKey: rest.lastKey };
};

/** Customers whose birthday month-day blinds to `blindIndex`: reads only those customers. */
export const listCustomersByBirthday = (scope: TenantScope, blindIndex: string, page: PageRequest, filters: CustomerFilters = {}): Promise<Page<ListedCustomer>> =>
  queryPage(scope, { index: 'CustomersByBirthday', partition: keys.birthdayListing(scope, blindIndex), filters: filtersOf(filters), page }, listedCustomerOf);

/** A customer's figures, as the nightly refresh judges them, with the version its write is conditional on. */
export interface CustomerFigures extends ListedCustomer {
  version: number;
  stats: CustomerStats;
  tallies: Tallies;
  rfm?: Rfm | undefined;
  clv?: Money | undefined;
}

/**
 * Every customer's figures, a page at a time, from the last-purchase listing: a purchase rewrites
 * that entry anyway (its sort key moves), so it carries the figures and the nightly refresh reads
 * no profile. Tier and stage are the card's.
 */
export const listCustomerFigures = (scope: TenantScope, page: PageRequest): Promise<Page<CustomerFigures>> =>
  queryPage(scope, { index: 'CustomersByLastPurchase', partition: keys.customerListing(scope), newestFirst: true, page }, (item) => ({
    ...listedCustomerOf(item),
    version: Number(item.version),
    stats: item.stats as CustomerStats,
    tallies: item.tallies as Tallies,
    rfm: item.rfm as Rfm | undefined,
    clv: item.clv as Money | undefined,
  }));

/**
 * Takes out of the spend listing a customer who never bought, where profiles written before that
 * listing became sparse still have an entry (they would be listed twice). Conditional, so a
 * purchase meanwhile keeps its entry; harmless to repeat. Answers how many entries it removed.
 */
export const dropNeverBoughtSpendEntries = async (scope: TenantScope): Promise<number> => {
  let dropped = 0;
  for await (const item of queryAll(scope, { index: 'CustomersByLastPurchase', partition: keys.customerListing(scope), range: { beginsWith: keys.neverBoughtPrefix } })) {
    try {
      await documentClient(scope).send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.customer(scope, idOf(item)),
          UpdateExpression: 'REMOVE #spend',
          ConditionExpression: 'attribute_exists(#spend) AND attribute_not_exists(stats.lastPurchaseAt)',
          ExpressionAttributeNames: { '#spend': tableDefinition.indexes.CustomersBySpend.sortKey },
        }),
      );
      dropped += 1;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return dropped;
};
