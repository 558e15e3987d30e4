import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerPlainFields, CustomerStats, Stage, Tier } from '#shared/domain/customer';
import { emptyTallies, type ProfileFigures, type Tallies } from '#shared/domain/customer-figures';
import { nameKey, type CustomerFile, type Rfm } from '#shared/domain/customer-file';
import { DossierError } from '#shared/domain/errors';
import type { Money } from '#shared/domain/values';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import { pageOf, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/**
 * Customer profiles. The profile item carries the keys of its listings: GSI1 by name, GSI2 by
 * birthday month-day (blind index; sparse), GSI3 by creation (the id is a ULID), GSI4 by last
 * purchase, GSI5 by total spend. Uniqueness guards are items keyed by blind index.
 */

/** Blind indexes of a customer's unique values and birthday, kept to find its guard items again. */
export interface CustomerLookups {
  phone?: string;
  email?: string;
  birthdayMd?: string;
  externalIds?: Record<string, string>;
}

export interface StoredCustomer {
  file: CustomerFile;
  lookups: CustomerLookups;
}

/** Which field each kind of guard protects, for the 409's field error. */
export const uniqueKinds = (lookups: CustomerLookups): { kind: string; field: string; blindIndex: string }[] => [
  ...(lookups.phone ? [{ kind: 'phone', field: 'phone', blindIndex: lookups.phone }] : []),
  ...(lookups.email ? [{ kind: 'email', field: 'email', blindIndex: lookups.email }] : []),
  ...Object.entries(lookups.externalIds ?? {}).map(([system, blindIndex]) => ({
    kind: `ext:${system}`,
    field: `externalIds.${system}`,
    blindIndex,
  })),
];

const spendKey = (amount: number): string => String(Math.max(0, Math.trunc(amount))).padStart(16, '0');

/** The derived listing keys; recomputed on every profile write so the indexes never drift. */
export const listingKeys = (scope: TenantScope, file: CustomerFile, lookups: CustomerLookups) => {
  const listing = keys.customerListing(scope);
  return {
    GSI1PK: listing,
    GSI1SK: `${nameKey(file.plain.name)}#${file.id}`,
    ...(lookups.birthdayMd ? { GSI2PK: keys.birthdayListing(scope, lookups.birthdayMd), GSI2SK: file.id } : {}),
    GSI3PK: listing,
    GSI3SK: file.id,
    GSI4PK: listing,
    GSI4SK: `${file.stats.lastPurchaseAt ?? '0000'}#${file.id}`,
    GSI5PK: listing,
    GSI5SK: `${spendKey(file.stats.totalSpend.amount)}#${file.id}`,
  };
};

const itemOf = (scope: TenantScope, stored: StoredCustomer) => ({
  ...keys.customer(scope, stored.file.id),
  entity: 'customer',
  ...stored.file,
  lookups: stored.lookups,
  ...listingKeys(scope, stored.file, stored.lookups),
});

export const storedCustomerOf = (item: Record<string, unknown>): StoredCustomer => ({
  file: {
    id: item.id as string,
    plain: item.plain as CustomerPlainFields,
    sealed: (item.sealed ?? {}) as Record<string, string>,
    masked: (item.masked ?? {}) as Record<string, string>,
    stats: item.stats as CustomerStats,
    tallies: (item.tallies ?? emptyTallies()) as Tallies,
    tier: item.tier as Tier,
    stage: item.stage as Stage,
    ...(item.rfm ? { rfm: item.rfm as Rfm } : {}),
    ...(item.clv ? { clv: item.clv as Money } : {}),
    version: item.version as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  },
  lookups: (item.lookups ?? {}) as CustomerLookups,
});

const duplicateOf = (field: string) => () =>
  new DossierError('duplicate', {
    detail: `This ${field} already belongs to another customer`,
    errors: [{ path: field, message: 'Already belongs to another customer' }],
    extensions: { field },
  });

const guardPut = (scope: TenantScope, customerId: string, guard: ReturnType<typeof uniqueKinds>[number]): TransactionStep => ({
  item: {
    Put: {
      TableName: tableName(),
      Item: { ...keys.uniqueValue(scope, guard.kind, guard.blindIndex), entity: 'unique', customerId },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  onConditionFailed: duplicateOf(guard.field),
});

const guardDelete = (scope: TenantScope, customerId: string, guard: ReturnType<typeof uniqueKinds>[number]): TransactionStep => ({
  item: {
    Delete: {
      TableName: tableName(),
      Key: keys.uniqueValue(scope, guard.kind, guard.blindIndex),
      ConditionExpression: 'customerId = :id',
      ExpressionAttributeValues: { ':id': customerId },
    },
  },
});

export const createCustomerSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  {
    item: { Put: { TableName: tableName(), Item: itemOf(scope, stored), ConditionExpression: 'attribute_not_exists(PK)' } },
  },
  ...uniqueKinds(stored.lookups).map((guard) => guardPut(scope, stored.file.id, guard)),
];

/**
 * Replaces the profile if it is still at `before`'s version (412 otherwise), moving guard items
 * for unique values that changed: new ones are claimed, released ones deleted, in one transaction.
 */
export const replaceCustomerSteps = (scope: TenantScope, before: StoredCustomer, after: StoredCustomer): TransactionStep[] => {
  const id = before.file.id;
  const previous = uniqueKinds(before.lookups);
  const next = uniqueKinds(after.lookups);
  const sameGuard = (a: { kind: string; blindIndex: string }) => (b: { kind: string; blindIndex: string }) =>
    a.kind === b.kind && a.blindIndex === b.blindIndex;
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: itemOf(scope, after),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': before.file.version },
        },
      },
      onConditionFailed: () => new DossierError('precondition-failed'),
    },
    ...next.filter((guard) => !previous.some(sameGuard(guard))).map((guard) => guardPut(scope, id, guard)),
    ...previous.filter((guard) => !next.some(sameGuard(guard))).map((guard) => guardDelete(scope, id, guard)),
  ];
};

/**
 * The last step of a merge: the survivor's new profile and the merged customer's deletion, both
 * conditional on the versions read; each guard of the merged customer is handed to the survivor
 * when the survivor adopted that value, released otherwise.
 */
export const mergeProfilesSteps = (scope: TenantScope, target: StoredCustomer, merged: StoredCustomer, source: StoredCustomer): TransactionStep[] => {
  const adopted = uniqueKinds(merged.lookups);
  const handOver = (guard: ReturnType<typeof uniqueKinds>[number]): TransactionStep => ({
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.uniqueValue(scope, guard.kind, guard.blindIndex),
        UpdateExpression: 'SET customerId = :target',
        ConditionExpression: 'customerId = :source',
        ExpressionAttributeValues: { ':target': merged.file.id, ':source': source.file.id },
      },
    },
  });
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: itemOf(scope, merged),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': target.file.version },
        },
      },
      onConditionFailed: () => new DossierError('concurrent-update'),
    },
    {
      item: {
        Delete: {
          TableName: tableName(),
          Key: keys.customer(scope, source.file.id),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': source.file.version },
        },
      },
      onConditionFailed: () => new DossierError('concurrent-update'),
    },
    ...uniqueKinds(source.lookups).map((guard) =>
      adopted.some((kept) => kept.kind === guard.kind && kept.blindIndex === guard.blindIndex)
        ? handOver(guard)
        : guardDelete(scope, source.file.id, guard),
    ),
  ];
};

/** Deletes the profile (if still at its version) and releases every guard it held. */
export const eraseProfileSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  {
    item: {
      Delete: {
        TableName: tableName(),
        Key: keys.customer(scope, stored.file.id),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': stored.file.version },
      },
    },
    onConditionFailed: () => new DossierError('conflict', { detail: 'The customer changed while it was being erased; try again' }),
  },
  ...uniqueKinds(stored.lookups).map((guard) => guardDelete(scope, stored.file.id, guard)),
];

/**
 * Writes a record's effect on the profile: new figures, tier and stage, the listing keys that
 * follow them, and the next version, if nobody changed the profile since it was read.
 */
export const saveFiguresStep = (scope: TenantScope, before: StoredCustomer, figures: ProfileFigures, now: string): TransactionStep => {
  const after: CustomerFile = { ...before.file, ...figures, version: before.file.version + 1, updatedAt: now };
  const listing = listingKeys(scope, after, before.lookups);
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.customer(scope, before.file.id),
        UpdateExpression:
          'SET stats = :stats, tallies = :tallies, tier = :tier, stage = :stage, version = :next, updatedAt = :now, GSI4SK = :g4, GSI5SK = :g5',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: {
          ':stats': after.stats,
          ':tallies': after.tallies,
          ':tier': after.tier,
          ':stage': after.stage,
          ':next': after.version,
          ':now': now,
          ':g4': listing.GSI4SK,
          ':g5': listing.GSI5SK,
          ':expected': before.file.version,
        },
      },
    },
    // Lost a race with another write to the same profile: the caller recomputes and tries again.
    onConditionFailed: () => new DossierError('concurrent-update'),
  };
};

/** The nightly judgement: tier and stage as time moves on, RFM and CLV (version-conditional). */
export const saveScoresStep = (
  scope: TenantScope,
  before: StoredCustomer,
  scores: { tier: Tier; stage: Stage; rfm?: Rfm | undefined; clv?: Money | undefined },
  now: string,
): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.customer(scope, before.file.id),
      UpdateExpression: `SET tier = :tier, stage = :stage, version = :next, updatedAt = :now${scores.rfm ? ', rfm = :rfm' : ''}${scores.clv ? ', clv = :clv' : ''}`,
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: {
        ':tier': scores.tier,
        ':stage': scores.stage,
        ':next': before.file.version + 1,
        ':now': now,
        ':expected': before.file.version,
        ...(scores.rfm ? { ':rfm': scores.rfm } : {}),
        ...(scores.clv ? { ':clv': scores.clv } : {}),
      },
    },
  },
  onConditionFailed: () => new DossierError('concurrent-update'),
});

/** For records that change no figure: the customer must still exist when the record is written. */
export const customerExistsStep = (scope: TenantScope, customerId: string): TransactionStep => ({
  item: { ConditionCheck: { TableName: tableName(), Key: keys.customer(scope, customerId), ConditionExpression: 'attribute_exists(PK)' } },
  onConditionFailed: () => new DossierError('not-found', { detail: 'Customer not found' }),
});

export const getCustomer = async (scope: TenantScope, customerId: string, consistent = false): Promise<StoredCustomer | undefined> => {
  const result = await documentClient(scope).send(
    new GetCommand({ TableName: tableName(), Key: keys.customer(scope, customerId), ConsistentRead: consistent }),
  );
  return result.Item ? storedCustomerOf(result.Item) : undefined;
};

/** The customer holding a unique value, found through its guard item (the keyed-hash index). */
export const findCustomerIdByUnique = async (
  scope: TenantScope,
  kind: string,
  blindIndex: string,
  consistent = false,
): Promise<string | undefined> => {
  const result = await documentClient(scope).send(
    new GetCommand({ TableName: tableName(), Key: keys.uniqueValue(scope, kind, blindIndex), ConsistentRead: consistent }),
  );
  return result.Item?.customerId as string | undefined;
};

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
