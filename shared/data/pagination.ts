import { QueryCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { tableDefinition, type IndexName } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * One page of a Query. The HTTP layer turns `lastKey` into an opaque, signed cursor and back, so
 * repositories only ever see keys they produced themselves for the same tenant and list.
 */
export type StartKey = Record<string, NativeAttributeValue>;
export type Item = Record<string, NativeAttributeValue>;

export interface PageRequest {
  limit: number;
  startKey?: StartKey | undefined;
}

export interface Page<T> {
  items: T[];
  lastKey?: StartKey | undefined;
}

/** A filter on an item attribute (a nested path such as `plain.tags`), applied to the page read. */
/** A condition on an item's attribute (`equals`, `contains`, or that it `exists`), or any of several. */
export type AttributeFilter =
  | { path: readonly string[]; equals?: NativeAttributeValue; contains?: NativeAttributeValue; exists?: true }
  | { anyOf: readonly AttributeFilter[] };

/** One Query of one partition of the table or an index, in sort-key order. */
export interface PageQuery {
  index?: IndexName | undefined;
  partition: string;
  range?: { beginsWith: string } | { before: string } | { between: readonly [string, string] } | undefined;
  newestFirst?: boolean | undefined;
  /** Filters on the page (a page may then hold fewer than `limit` items and still go on). */
  filters?: readonly AttributeFilter[] | undefined;
  consistent?: boolean | undefined;
  keysOnly?: boolean | undefined;
  page: PageRequest;
}

const keyNamesOf = (index: IndexName | undefined) =>
  index ? tableDefinition.indexes[index] : { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey };

/** The expression of a query: attribute names stay placeholders, values stay parameters. */
const expressionOf = (query: PageQuery) => {
  const { partitionKey, sortKey } = keyNamesOf(query.index);
  const names: Record<string, string> = { '#pk': partitionKey };
  const values: Record<string, NativeAttributeValue> = { ':pk': query.partition };
  let condition = '#pk = :pk';
  const range = query.range;
  if (range) {
    names['#sk'] = sortKey;
    if ('beginsWith' in range) {
      values[':prefix'] = range.beginsWith;
      condition += ' AND begins_with(#sk, :prefix)';
    } else if ('before' in range) {
      values[':before'] = range.before;
      condition += ' AND #sk < :before';
    } else {
      [values[':from'], values[':to']] = range.between;
      condition += ' AND #sk BETWEEN :from AND :to';
    }
  }
  const conditionOf = (filter: AttributeFilter, at: string): string => {
    if ('anyOf' in filter) return `(${filter.anyOf.map((either, index) => conditionOf(either, `${at}_${index}`)).join(' OR ')})`;
    const path = filter.path.map((part, depth) => {
      names[`#f${at}_${depth}`] = part;
      return `#f${at}_${depth}`;
    }).join('.');
    if (filter.exists) return `attribute_exists(${path})`;
    values[`:f${at}`] = filter.contains ?? filter.equals;
    return filter.contains !== undefined ? `contains(${path}, :f${at})` : `${path} = :f${at}`;
  };
  const filters = (query.filters ?? []).map((filter, at) => conditionOf(filter, String(at)));
  if (query.keysOnly) {
    names['#key1'] = tableDefinition.partitionKey;
    names['#key2'] = tableDefinition.sortKey;
  }
  return { condition, filter: filters.length > 0 ? filters.join(' AND ') : undefined, names, values };
};

/** Reads one page of a Query and maps each item; `scope` picks the tenant's credentials. */
export const queryPage = async <T>(scope: TenantScope | undefined, query: PageQuery, map: (item: Item) => T): Promise<Page<T>> => {
  const { condition, filter, names, values } = expressionOf(query);
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      ...(query.index ? { IndexName: query.index } : {}),
      KeyConditionExpression: condition,
      ...(filter ? { FilterExpression: filter } : {}),
      ...(query.keysOnly ? { ProjectionExpression: '#key1, #key2' } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !query.newestFirst,
      ...(query.consistent ? { ConsistentRead: true } : {}),
      Limit: query.page.limit,
      ExclusiveStartKey: query.page.startKey,
    }),
  );
  return { items: (result.Items ?? []).map(map), lastKey: result.LastEvaluatedKey };
};

/**
 * How many items a Query's key condition holds, without their contents (`Select: COUNT`). It still
 * reads them (capacity is that of the items), so it is for ranges that stay small: overdue
 * follow-ups.
 */
export const countItems = async (scope: TenantScope | undefined, query: Omit<PageQuery, 'page' | 'keysOnly'>): Promise<number> => {
  const { condition, filter, names, values } = expressionOf({ ...query, page: { limit: 1 } });
  let total = 0;
  let startKey: StartKey | undefined;
  do {
    const result = await documentClient(scope).send(
      new QueryCommand({
        TableName: tableName(),
        ...(query.index ? { IndexName: query.index } : {}),
        KeyConditionExpression: condition,
        ...(filter ? { FilterExpression: filter } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    total += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return total;
};

/** Every item of a query, page after page (erasure, merge, export and jobs walk whole partitions). */
export async function* queryAll(scope: TenantScope | undefined, query: Omit<PageQuery, 'page'> & { pageSize?: number }): AsyncGenerator<Item> {
  let startKey: StartKey | undefined;
  do {
    const page = await queryPage(scope, { ...query, page: { limit: query.pageSize ?? 1000, startKey } }, (item) => item);
    yield* page.items;
    startKey = page.lastKey;
  } while (startKey);
}
