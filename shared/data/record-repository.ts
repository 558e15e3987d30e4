import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DossierError } from '#shared/domain/errors';
import type { AnyRecordKind, CustomerRecord, UniqueKey } from '#shared/domain/records/record-kind';
import { documentClient, tableName } from './client.ts';
import { collectionItems } from './item-collections.ts';
import { keys, type ItemKey } from './keys.ts';
import { pageOf, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/**
 * Records of every kind, in their customer's item collection: `<PREFIX>#<ulid>` so a kind lists
 * newest first with one Query, plus the timeline (GSI1) and any cross-customer list the kind
 * declares (GSI2, GSI3). Guards for unique values are written in the same transaction.
 */

const ulidOf = (recordId: string): string => recordId.slice(recordId.indexOf('_') + 1);

const indexKeysOf = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord) => {
  const lists = kind.crossLists?.(record) ?? {};
  return {
    GSI1PK: keys.timeline(scope, record.customerId),
    GSI1SK: `${ulidOf(record.id)}#${kind.prefix}`,
    ...(lists.GSI2 ? { GSI2PK: keys.crossList(scope, lists.GSI2.pk), GSI2SK: lists.GSI2.sk } : {}),
    ...(lists.GSI3 ? { GSI3PK: keys.crossList(scope, lists.GSI3.pk), GSI3SK: lists.GSI3.sk } : {}),
  };
};

const itemOf = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord) => ({
  ...keys.record(scope, record.customerId, kind.prefix, record.id),
  entity: 'record',
  ...record,
  ...indexKeysOf(scope, kind, record),
});

const recordOf = (item: Record<string, unknown>): CustomerRecord => {
  const { PK: _pk, SK: _sk, entity: _entity, GSI1PK: _1, GSI1SK: _2, GSI2PK: _3, GSI2SK: _4, GSI3PK: _5, GSI3SK: _6, ...record } = item;
  return record as CustomerRecord;
};

const uniqueKeyOf = (scope: TenantScope, customerId: string, unique: UniqueKey): ItemKey =>
  unique.scope === 'tenant'
    ? keys.recordUniqueInTenant(scope, unique.name, unique.value)
    : keys.recordUniqueInCustomer(scope, customerId, unique.name, unique.value);

/** The tenant-wide guards a record holds (outside its customer's collection), for erasure. */
export const tenantGuardKeysOf = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord): ItemKey[] =>
  (kind.uniqueKeys?.(record) ?? []).filter((unique) => unique.scope === 'tenant').map((unique) => uniqueKeyOf(scope, record.customerId, unique));

export const putRecordSteps = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord): TransactionStep[] => [
  {
    item: { Put: { TableName: tableName(), Item: itemOf(scope, kind, record), ConditionExpression: 'attribute_not_exists(PK)' } },
  },
  ...(kind.uniqueKeys?.(record) ?? []).map(
    (unique): TransactionStep => ({
      item: {
        Put: {
          TableName: tableName(),
          Item: { ...uniqueKeyOf(scope, record.customerId, unique), entity: 'record-unique', customerId: record.customerId, recordId: record.id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () =>
        new DossierError('duplicate', {
          detail: `A ${kind.singular} with this ${unique.field} already exists`,
          errors: [{ path: unique.field, message: 'Already used' }],
          extensions: { field: unique.field },
        }),
    }),
  ),
];

/** Replaces a record if it is still at `before`'s version (412 otherwise). */
export const saveRecordStep = (scope: TenantScope, kind: AnyRecordKind, before: CustomerRecord, after: CustomerRecord): TransactionStep => ({
  item: {
    Put: {
      TableName: tableName(),
      Item: itemOf(scope, kind, after),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': before.version },
    },
  },
  onConditionFailed: () => new DossierError('precondition-failed'),
});

export const getRecord = async (
  scope: TenantScope,
  kind: AnyRecordKind,
  customerId: string,
  recordId: string,
  consistent = false,
): Promise<CustomerRecord | undefined> => {
  const result = await documentClient(scope).send(
    new GetCommand({ TableName: tableName(), Key: keys.record(scope, customerId, kind.prefix, recordId), ConsistentRead: consistent }),
  );
  return result.Item ? recordOf(result.Item) : undefined;
};

/** One kind of a customer's records, newest first: one Query on the item collection. */
export const listRecords = async (scope: TenantScope, kind: AnyRecordKind, customerId: string, page: PageRequest): Promise<Page<CustomerRecord>> => {
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.customerCollection(scope, customerId), ':prefix': keys.recordPrefix(kind.prefix) },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, recordOf);
};

/** Every record of a customer, newest first by when it happened: one Query on GSI1. */
export const listTimeline = async (
  scope: TenantScope,
  customerId: string,
  page: PageRequest,
  newestFirst = true,
): Promise<Page<CustomerRecord>> => {
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.timeline(scope, customerId) },
      ScanIndexForward: !newestFirst,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, recordOf);
};

export interface CrossListQuery {
  index: 'GSI2' | 'GSI3';
  /** The list's name relative to the tenant, as the kind's `crossLists` declares it. */
  list: string;
  /** Only entries whose sort key is before this (e.g. due before an instant). */
  before?: string | undefined;
  /** Equality filters on record attributes (a page may then hold fewer than `limit`). */
  where?: Record<string, string> | undefined;
  newestFirst?: boolean;
}

/** A page of a cross-customer list (open complaints, follow-ups by due time, pending payments). */
export const listAcrossCustomers = async (scope: TenantScope, query: CrossListQuery, page: PageRequest): Promise<Page<CustomerRecord>> => {
  const pk = `${query.index}PK`;
  const sk = `${query.index}SK`;
  const names: Record<string, string> = { '#pk': pk };
  const values: Record<string, unknown> = { ':pk': keys.crossList(scope, query.list) };
  let condition = '#pk = :pk';
  if (query.before) {
    names['#sk'] = sk;
    values[':before'] = query.before;
    condition += ' AND #sk < :before';
  }
  const filters = Object.entries(query.where ?? {}).map(([attribute, value], index) => {
    names[`#f${index}`] = attribute;
    values[`:f${index}`] = value;
    return `#f${index} = :f${index}`;
  });
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: query.index,
      KeyConditionExpression: condition,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !query.newestFirst,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, recordOf);
};

/** The record a tenant-wide unique value (a coupon code) belongs to. */
export const findRecordByUnique = async (
  scope: TenantScope,
  name: string,
  value: string,
): Promise<{ customerId: string; recordId: string } | undefined> => {
  const result = await documentClient(scope).send(
    new GetCommand({ TableName: tableName(), Key: keys.recordUniqueInTenant(scope, name, value), ConsistentRead: true }),
  );
  return result.Item ? { customerId: result.Item.customerId as string, recordId: result.Item.recordId as string } : undefined;
};

/**
 * Everything in a customer's item collection except the profile, read strongly consistently from
 * the table itself (not an index): the records, the customer-scoped guards, and the keys of
 * all of them.
 */
export const collectionContents = async (
  scope: TenantScope,
  customerId: string,
): Promise<{ records: CustomerRecord[]; guards: ItemKey[]; itemKeys: ItemKey[] }> => {
  const records: CustomerRecord[] = [];
  const guards: ItemKey[] = [];
  const itemKeys: ItemKey[] = [];
  for await (const item of collectionItems(scope, keys.customerCollection(scope, customerId))) {
    if (item.entity !== 'customer') itemKeys.push({ PK: item.PK as string, SK: item.SK as string });
    if (item.entity === 'record') records.push(recordOf(item));
    else if (item.entity === 'record-unique') guards.push({ PK: item.PK as string, SK: item.SK as string });
  }
  return { records, guards, itemKeys };
};

/**
 * Moves a record to another customer of the tenant: written under the target's collection and
 * timeline, deleted from the source's, and its tenant-wide guards (a coupon code) re-pointed.
 */
export const moveRecordSteps = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord, targetId: string): TransactionStep[] => {
  const moved = { ...record, customerId: targetId };
  const uniques = kind.uniqueKeys?.(record) ?? [];
  return [
    { item: { Put: { TableName: tableName(), Item: itemOf(scope, kind, moved), ConditionExpression: 'attribute_not_exists(PK)' } } },
    { item: { Delete: { TableName: tableName(), Key: keys.record(scope, record.customerId, kind.prefix, record.id) } } },
    ...uniques.flatMap((unique): TransactionStep[] =>
      unique.scope === 'tenant'
        ? [
            {
              item: {
                Update: {
                  TableName: tableName(),
                  Key: uniqueKeyOf(scope, record.customerId, unique),
                  UpdateExpression: 'SET customerId = :target',
                  ExpressionAttributeValues: { ':target': targetId },
                },
              },
            },
          ]
        : [
            { item: { Delete: { TableName: tableName(), Key: uniqueKeyOf(scope, record.customerId, unique) } } },
            {
              item: {
                Put: {
                  TableName: tableName(),
                  Item: { ...uniqueKeyOf(scope, targetId, unique), entity: 'record-unique', customerId: targetId, recordId: record.id },
                },
              },
            },
          ],
    ),
  ];
};

/** Whether the target already holds a customer-scoped unique value (both joined one campaign). */
export const uniqueTakenBy = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord, targetGuards: ItemKey[]): boolean =>
  (kind.uniqueKeys?.(record) ?? []).some(
    (unique) =>
      unique.scope === 'customer' &&
      targetGuards.some((guard) => guard.SK === keys.recordUniqueInCustomer(scope, record.customerId, unique.name, unique.value).SK),
  );
