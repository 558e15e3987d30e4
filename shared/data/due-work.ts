import { createHash } from 'node:crypto';
import type { DueQueue } from '#shared/domain/records/record-kind';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, readItem, tableName } from './client.ts';
import type { TenantScope } from './tenant-scope.ts';
import { dueAttributes, keys, type IndexEntries, type ItemKey } from './keys.ts';
import { queryAll, type Item } from './pagination.ts';

/**
 * Due work: items that wait for an instant (DESIGN.md, "all time-based work is due-work"). Each
 * carries a due time and sits in a time-bucketed index (`keys.dueEntry`: queue, hour, shard), and
 * a scheduled job takes what is due at the instant of its event. The hour buckets spread a
 * queue's writes over partitions; the shards spread the writes of one hour.
 *
 * A job reads the buckets from its queue's watermark (the oldest hour that may still hold work) to
 * the hour of "now", so nothing due is skipped however long the job was away, and an hour that
 * was found empty once it is safely past moves the watermark on.
 */
export type { DueQueue };

const SHARDS = 4;
const HOUR_MS = 3600 * 1000;
/** A bucket is judged empty only once this long past its hour: index writes land within seconds. */
const SETTLE_MS = 10 * 60 * 1000;
/** Where a queue without a watermark starts looking. */
const FIRST_LOOKBACK_MS = 24 * HOUR_MS;
/** At most this many hours are read in one run; the rest waits for the next. */
const MAX_HOURS_PER_RUN = 14 * 24;

const hourOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 13);

/** The shard of an owner (a tenant): stable, so one tenant's work stays in one shard. */
const shardOf = (owner: string): number => createHash('sha256').update(owner).digest().readUInt8(0) % SHARDS;

/**
 * The index entry of an item due at `dueAt` in `queue`, owned by `owner`. It sits in the bucket of
 * its due hour — or of the hour it is written in, if that is later: a job never reads back past its
 * watermark, so work written already due (a follow-up due yesterday) must land where it still reads.
 */
export const dueEntry = (queue: DueQueue, work: { owner: string; id: string; dueAt: string }): IndexEntries =>
  keys.dueEntry(queue, hourOf(Math.max(Date.parse(work.dueAt), Date.now())), shardOf(work.owner), work.dueAt, work.id);

const readWatermark = async (queue: DueQueue, now: Date): Promise<number> => {
  const item = await readItem(undefined, keys.dueWatermark(queue), { consistent: true });
  return typeof item?.hourMs === 'number' ? item.hourMs : Date.parse(`${hourOf(now.getTime() - FIRST_LOOKBACK_MS)}:00:00.000Z`);
};

/** Moves the watermark forward only: two runs of the job may race, neither moves it back. */
const advanceWatermark = async (queue: DueQueue, hourMs: number): Promise<void> => {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.dueWatermark(queue),
        UpdateExpression: 'SET hourMs = :hour',
        ConditionExpression: 'attribute_not_exists(hourMs) OR hourMs < :hour',
        ExpressionAttributeValues: { ':hour': hourMs },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
};

/**
 * Every item of `queue` due at or before `now`, oldest hour first. Items stay in the index until
 * whoever handles them removes or reschedules them, so an item may be met twice (a rerun, an index
 * not yet caught up): handlers claim an item with a conditional write before working on it.
 */
export async function* dueItems(queue: DueQueue, now: Date): AsyncGenerator<Item> {
  const watermark = await readWatermark(queue, now);
  const lastHour = Math.min(Date.parse(`${hourOf(now.getTime())}:00:00.000Z`), watermark + MAX_HOURS_PER_RUN * HOUR_MS);
  let emptySoFar = true;
  for (let hourMs = watermark; hourMs <= lastHour; hourMs += HOUR_MS) {
    let found = 0;
    for (let shard = 0; shard < SHARDS; shard += 1) {
      const partition = keys.dueBucket(queue, hourOf(hourMs), shard);
      for await (const item of queryAll(undefined, { index: 'GSI5', partition, range: { before: keys.dueUntil(now.toISOString()) } })) {
        found += 1;
        yield item;
      }
    }
    // Found empty and past, the hour is skipped by later runs. "Past" by the wall clock too: a run
    // for a future instant (a test, a replay) must not skip hours that work due now still lands in.
    emptySoFar &&= found === 0 && hourMs + HOUR_MS + SETTLE_MS <= Math.min(now.getTime(), Date.now());
    if (emptySoFar) await advanceWatermark(queue, hourMs + HOUR_MS);
  }
}

/** Takes an item out of its queue's buckets without handling it: nothing is due any more. */
export const dropDueEntry = async (scope: TenantScope, key: ItemKey): Promise<void> => {
  try {
    await documentClient(scope).send(
      new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: `REMOVE ${dueAttributes.join(', ')}`, ConditionExpression: 'attribute_exists(PK)' }),
    );
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
};
