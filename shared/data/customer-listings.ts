import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Stage, Tier } from '#shared/domain/customer';
import { nameKey } from '#shared/domain/customer-file';
import { documentClient, tableName } from './client.ts';
import { storedCustomerOf, type StoredCustomer } from './customer-repository.ts';
import { keys } from './keys.ts';
import { pageOf, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';

/** The tenant's customer listings, one index per sort order (docs/data-model.md, patterns 14–18). */
export type CustomerSort = 'name' | '-createdAt' | '-lastPurchaseAt' | '-totalSpend';

export interface CustomerFilters {
  namePrefix?: string | undefined;
  tier?: Tier | undefined;
  stage?: Stage | undefined;
  tag?: string | undefined;
  ownerUserId?: string | undefined;
}

const sortIndexes: Record<CustomerSort, { index: string; pk: string; sk: string; forward: boolean }> = {
  name: { index: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', forward: true },
  '-createdAt': { index: 'GSI3', pk: 'GSI3PK', sk: 'GSI3SK', forward: false },
  '-lastPurchaseAt': { index: 'GSI4', pk: 'GSI4PK', sk: 'GSI4SK', forward: false },
  '-totalSpend': { index: 'GSI5', pk: 'GSI5PK', sk: 'GSI5SK', forward: false },
};

/**
 * One Query page of the tenant's customers in the asked order. A name prefix is a key condition
 * on the name index; tier, stage, tag and owner are filters on the page (a page may hold fewer
 * than `limit` items and still have a next cursor).
 */
export const listCustomers = async (
  scope: TenantScope,
  sort: CustomerSort,
  filters: CustomerFilters,
  page: PageRequest,
): Promise<Page<StoredCustomer>> => {
  const byPrefix = filters.namePrefix !== undefined;
  const order = sortIndexes[byPrefix ? 'name' : sort];
  const names: Record<string, string> = { '#pk': order.pk };
  const values: Record<string, unknown> = { ':pk': keys.customerListing(scope) };
  let condition = '#pk = :pk';
  if (byPrefix) {
    names['#sk'] = order.sk;
    values[':prefix'] = nameKey(filters.namePrefix!);
    condition += ' AND begins_with(#sk, :prefix)';
  }
  const filterParts: string[] = [];
  const addFilter = (expression: string, name: string, attribute: string, value: unknown) => {
    names[name] = attribute;
    values[`:${attribute}`] = value;
    filterParts.push(expression);
  };
  if (filters.tier) addFilter('#tier = :tier', '#tier', 'tier', filters.tier);
  if (filters.stage) addFilter('#stage = :stage', '#stage', 'stage', filters.stage);
  if (filters.tag || filters.ownerUserId) names['#plain'] = 'plain';
  if (filters.tag) addFilter('contains(#plain.#tags, :tags)', '#tags', 'tags', filters.tag);
  if (filters.ownerUserId) addFilter('#plain.#ownerUserId = :ownerUserId', '#ownerUserId', 'ownerUserId', filters.ownerUserId);

  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: order.index,
      KeyConditionExpression: condition,
      ...(filterParts.length > 0 ? { FilterExpression: filterParts.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: order.forward,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, storedCustomerOf);
};

/** Customers whose birthday month-day blinds to `blindIndex`: reads only those customers. */
export const listCustomersByBirthday = async (scope: TenantScope, blindIndex: string, page: PageRequest): Promise<Page<StoredCustomer>> => {
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.birthdayListing(scope, blindIndex) },
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, storedCustomerOf);
};
