import { createHash } from 'node:crypto';
import { DossierError, isDossierError } from '#shared/domain/errors';
import { cubeFields, type CubeItem, type ItemDelta } from '#shared/domain/report-cube';
import { followupsByStatus } from '#shared/domain/records/followups';
import { tableName } from './client.ts';
import { readKeys } from './batch-operations.ts';
import { keys, type ItemKey } from './keys.ts';
import { countItems, queryAll, type Item } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { MAX_TRANSACTION_ITEMS, putIfNew, transactWrite, type TransactionStep } from './transactions.ts';

/**
 * The report figures' items (docs/data-model.md, patterns 49–51). Writers add to one of `SHARDS`
 * copies of an item, chosen per stream batch, so concurrent batches of a busy tenant rarely
 * contend on one item; readers add the copies up.
 */
export const SHARDS = 4;
/** Attributes added by one update: keeps the update expression well under DynamoDB's 4 KB. */
const ADDS_PER_UPDATE = 100;
/** A marker outlives any retry of its stream batch (the stream keeps records for 24 hours). */
const MARKER_TTL_SECONDS = 3 * 24 * 3600;

const itemNameOf = (item: CubeItem): string => (item.cube === 'field' ? `FIELD#${item.field}` : item.cube === 'months' ? 'MONTHS' : 'COUNTS');

const keyOfCube = (scope: TenantScope, item: CubeItem, shard: number): ItemKey =>
  item.cube === 'pair' ? keys.pivotRow(scope, item, shard) : keys.reportItem(scope, itemNameOf(item), shard);

const addStep = (key: ItemKey, adds: [string, number][], now: string): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET #entity = :entity, #at = :now ADD ${adds.map((_add, at) => `#a${at} :a${at}`).join(', ')}`,
      ExpressionAttributeNames: { '#entity': 'entity', '#at': 'updatedAt', ...Object.fromEntries(adds.map(([name], at) => [`#a${at}`, name])) },
      ExpressionAttributeValues: { ':entity': 'report', ':now': now, ...Object.fromEntries(adds.map(([, by], at) => [`:a${at}`, by])) },
    },
  },
});

const alreadyApplied = () => new DossierError('conflict', { detail: 'This part of the roll-up was applied before', extensions: { rollUp: 'applied' } });

/** The shard a batch writes to: fixed by the batch, so a retried batch writes where it wrote before. */
export const shardOf = (batchId: string): number => createHash('sha256').update(batchId).digest().readUInt8(0) % SHARDS;

/**
 * Adds a batch's deltas to the tenant's report items. The updates are cut into transactions of at
 * most 99 items plus a marker item named after the batch and the transaction's place in it. The
 * cut depends only on the deltas, so a stream batch retried after a partial failure cuts the same
 * transactions: those already applied meet their marker and are skipped, the rest are applied.
 */
export const addToReports = async (scope: TenantScope, batch: { id: string; deltas: ItemDelta[]; now: Date }): Promise<{ transactions: number; items: number }> => {
  const shard = shardOf(batch.id);
  const now = batch.now.toISOString();
  // Round r holds the r-th slice of every item's adds: one item appears at most once per round.
  const rounds: TransactionStep[][] = [];
  const ordered = [...batch.deltas].sort((a, b) => JSON.stringify(a.item).localeCompare(JSON.stringify(b.item)));
  for (const delta of ordered) {
    const adds = [...delta.adds.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (let start = 0, round = 0; start < adds.length; start += ADDS_PER_UPDATE, round += 1) {
      (rounds[round] ??= []).push(addStep(keyOfCube(scope, delta.item, shard), adds.slice(start, start + ADDS_PER_UPDATE), now));
    }
  }
  const perTransaction = MAX_TRANSACTION_ITEMS - 1;
  let transactions = 0;
  let items = 0;
  for (const round of rounds) {
    for (let start = 0; start < round.length; start += perTransaction) {
      const part = `${batch.id}.${transactions}`;
      const steps = round.slice(start, start + perTransaction);
      transactions += 1;
      const marker = putIfNew({ ...keys.rollUpMarker(scope, part), entity: 'report-marker', ttl: Math.floor(batch.now.getTime() / 1000) + MARKER_TTL_SECONDS }, alreadyApplied);
      try {
        await transactWrite(scope, [marker, ...steps]);
        items += steps.length;
      } catch (error) {
        if (!(isDossierError(error) && error.extensions?.rollUp === 'applied')) throw error;
      }
    }
  }
  return { transactions, items };
};

const withoutShard = (sortKey: string): string => sortKey.slice(0, sortKey.lastIndexOf('#'));

/** The summary's items by name (`FIELD#city`, `MONTHS`, `COUNTS`), every shard of each: one BatchGetItem. */
export const readReportItems = async (scope: TenantScope, items: CubeItem[]): Promise<Map<string, Item[]>> => {
  const wanted = items.flatMap((item) => Array.from({ length: SHARDS }, (_unused, shard) => keyOfCube(scope, item, shard)));
  const found = await readKeys(scope, wanted);
  const byName = new Map<string, Item[]>(items.map((item) => [itemNameOf(item), []]));
  for (const item of found) byName.get(withoutShard(String(item.SK)))?.push(item);
  return byName;
};

export const reportItemName = itemNameOf;

/** Every partition the report sums may be in: the summary's, and one per pair of facets (a tenant's purge empties them). */
export const reportPartitionsOf = (scope: TenantScope): string[] => [
  keys.reportPartition(scope),
  ...cubeFields.flatMap((rows, at) => cubeFields.slice(at + 1).map((columns) => keys.pivotPartition(scope, rows, columns))),
];

/** Every row of a pair's pivot (all shards), keyed by the row's value: one Query of the pair's partition. */
export const readPivotRows = async (scope: TenantScope, pair: { rows: string; columns: string }): Promise<Map<string, Item[]>> => {
  const rows = new Map<string, Item[]>();
  for await (const item of queryAll(scope, { partition: keys.pivotPartition(scope, pair.rows, pair.columns) })) {
    const row = withoutShard(String(item.SK));
    rows.set(row, [...(rows.get(row) ?? []), item]);
  }
  return rows;
};

/** Open follow-ups due before `now`: a count of the due-time range of the open list (cost ∝ the overdue ones). */
export const countOverdueFollowups = (scope: TenantScope, now: Date): Promise<number> =>
  countItems(scope, { index: followupsByStatus.index, partition: keys.crossListPartition(scope, followupsByStatus, { status: 'open' }), range: { before: now.toISOString() } });
