import type { Segment } from '#shared/domain/segments';
import { DossierError } from '#shared/domain/errors';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { deleteItem, putIfNew, replaceAtVersion, type TransactionStep } from './transactions.ts';

/** Saved segments, one partition per tenant (docs/data-model.md, pattern 43). */
const itemOf = (scope: TenantScope, segment: Segment) => ({ ...keys.segment(scope, segment.id), entity: 'segment', ...segment });

const segmentOf = (item: Item): Segment => {
  const { PK: _pk, SK: _sk, entity: _entity, ...segment } = item;
  return segment as Segment;
};

export const createSegmentStep = (scope: TenantScope, segment: Segment): TransactionStep => putIfNew(itemOf(scope, segment));

export const replaceSegmentStep = (scope: TenantScope, before: Segment, after: Segment): TransactionStep =>
  replaceAtVersion(itemOf(scope, after), before.version, () => new DossierError('precondition-failed'));

export const deleteSegmentStep = (scope: TenantScope, segment: Segment): TransactionStep =>
  deleteItem(keys.segment(scope, segment.id), { version: segment.version, onStale: () => new DossierError('precondition-failed') });

export const getSegment = async (scope: TenantScope, segmentId: string, consistent = false): Promise<Segment | undefined> => {
  const item = await readItem(scope, keys.segment(scope, segmentId), { consistent });
  return item ? segmentOf(item) : undefined;
};

/** Newest first (segment ids are ULIDs). */
export const listSegments = (scope: TenantScope, page: PageRequest): Promise<Page<Segment>> =>
  queryPage(scope, { partition: keys.segmentsPartition(scope), range: { beginsWith: keys.segmentPrefix }, newestFirst: true, page }, segmentOf);

/**
 * Stores a count of the segment's members, if its filter is still the one counted (a change of
 * filter since then has asked for a count of its own); a new name doesn't make a count stale.
 */
export const saveSegmentSizeStep = (scope: TenantScope, segment: Pick<Segment, 'id' | 'filterVersion'>, size: { count: number; countedAt: string }): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.segment(scope, segment.id),
      UpdateExpression: 'SET #size = :size',
      ConditionExpression: 'filterVersion = :version',
      ExpressionAttributeNames: { '#size': 'size' },
      ExpressionAttributeValues: { ':size': { ...size, status: 'counted' }, ':version': segment.filterVersion },
    },
  },
  onConditionFailed: () => new DossierError('precondition-failed', { detail: 'The segment changed while it was counted' }),
});

/** Marks a segment as being counted again (a count was asked for). */
export const markCountingStep = (scope: TenantScope, segment: Segment): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.segment(scope, segment.id),
      UpdateExpression: 'SET #size.#status = :counting',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#size': 'size', '#status': 'status' },
      ExpressionAttributeValues: { ':counting': 'counting' },
    },
  },
  onConditionFailed: () => new DossierError('not-found', { detail: 'Segment not found' }),
});
