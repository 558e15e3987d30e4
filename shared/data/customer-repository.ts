import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerPlainFields, CustomerStats, Stage, Tier } from '#shared/domain/customer';
import { emptyTallies, type Tallies } from '#shared/domain/customer-figures';
import { nameKey, type CustomerFile, type Rfm } from '#shared/domain/customer-file';
import { DossierError } from '#shared/domain/errors';
import type { Money } from '#shared/domain/values';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/**
 * Customer profiles: the item's shape, its guards, and reads by id or unique value. The profile
 * item carries the keys of its listings (customer-listings.ts): GSI1 by name, GSI2 by birthday
 * month-day (blind index; sparse), GSI3 by creation (the id is a ULID), GSI4 by last purchase,
 * GSI5 by total spend. Uniqueness guards are items keyed by blind index. Writes are the
 * transaction steps of customer-steps.ts.
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

export const itemOf = (scope: TenantScope, stored: StoredCustomer) => ({
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

export const guardPut = (scope: TenantScope, customerId: string, guard: ReturnType<typeof uniqueKinds>[number]): TransactionStep => ({
  item: {
    Put: {
      TableName: tableName(),
      Item: { ...keys.uniqueValue(scope, guard.kind, guard.blindIndex), entity: 'unique', customerId },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  onConditionFailed: duplicateOf(guard.field),
});

export const guardDelete = (scope: TenantScope, customerId: string, guard: ReturnType<typeof uniqueKinds>[number]): TransactionStep => ({
  item: {
    Delete: {
      TableName: tableName(),
      Key: keys.uniqueValue(scope, guard.kind, guard.blindIndex),
      ConditionExpression: 'customerId = :id',
      ExpressionAttributeValues: { ':id': customerId },
    },
  },
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
