import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';

/**
 * One page of a Query. The HTTP layer turns `lastKey` into an opaque, signed cursor and back, so
 * repositories only ever see keys they produced themselves for the same tenant and list.
 */
export type StartKey = Record<string, NativeAttributeValue>;

export interface PageRequest {
  limit: number;
  startKey?: StartKey | undefined;
}

export interface Page<T> {
  items: T[];
  lastKey?: StartKey | undefined;
}

export const pageOf = <T>(
  result: { Items?: Record<string, NativeAttributeValue>[]; LastEvaluatedKey?: StartKey },
  map: (item: Record<string, NativeAttributeValue>) => T,
): Page<T> => ({ items: (result.Items ?? []).map(map), lastKey: result.LastEvaluatedKey });
