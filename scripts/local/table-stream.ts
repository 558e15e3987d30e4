import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamEntry } from '#functions/manifest';
import { localLogger as logger } from './local-logger.ts';
import { loadHandler } from './local-server.ts';
import { lambdaContext } from './proxy-event.ts';

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

/**
 * The local stand-in for Lambda's DynamoDB Streams event source: polls DynamoDB Local's stream of
 * the table and hands each manifest stream function the records its filter admits, as Lambda
 * would (same event shape, same partial-failure contract: a failed record is read again).
 */
export interface TableStream {
  /** Resolves once every record written before the call has been handed on. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

const toLambdaRecord = (record: StreamRecord): DynamoDBRecord =>
  ({
    ...record,
    dynamodb: {
      ...record.dynamodb,
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
    },
  }) as DynamoDBRecord;

const admits = (entry: StreamEntry, record: StreamRecord): boolean =>
  record.eventName === 'INSERT' &&
  Object.entries(entry.newImageMatches).every(([attribute, value]) => record.dynamodb?.NewImage?.[attribute]?.S === value);

export const startTableStream = async (options: {
  endpoint: string;
  tableName: string;
  entries: readonly StreamEntry[];
  pollMs?: number;
}): Promise<TableStream> => {
  const tables = new DynamoDBClient({ endpoint: options.endpoint, ...local });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, ...local });
  const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  const handlers = await Promise.all(options.entries.map(async (entry) => ({ entry, handle: await loadHandler<StreamHandler>(entry) })));
  // Shard id → its next iterator; null once a closed shard is read to its end.
  const iterators = new Map<string, string | null>();
  // Drain markers written to the table, by id, waiting to come back through the stream.
  const markers = new Map<string, () => void>();
  // Failed tries per record, as Lambda counts them before it sends a batch to the DLQ and moves on.
  const failures = new Map<string, number>();

  const deliver = async (shardId: string, records: StreamRecord[]): Promise<boolean> => {
    for (const { entry, handle } of handlers) {
      const admitted = records.filter((record) => admits(entry, record));
      if (admitted.length === 0) continue;
      const result = await handle({ Records: admitted.map(toLambdaRecord) }, lambdaContext(entry.name, 60_000));
      const failed = result?.batchItemFailures?.[0]?.itemIdentifier;
      if (!failed) continue;
      const tries = (failures.get(failed) ?? 0) + 1;
      failures.set(failed, tries);
      // Retried `retryAttempts` times, the record is given up on (AWS: its position goes to the
      // stream function's DLQ) and the stream reads on after it; the outbox keeps what it held.
      const givenUp = tries > entry.retryAttempts;
      if (givenUp) logger.error('A stream record kept failing; moving on after it', { function: entry.name, sequenceNumber: failed, tries });
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: givenUp ? 'AFTER_SEQUENCE_NUMBER' : 'AT_SEQUENCE_NUMBER',
          SequenceNumber: failed,
        }),
      );
      if (givenUp) failures.delete(failed);
      iterators.set(shardId, ShardIterator ?? null);
      return false;
    }
    return true;
  };

  /** One pass over every shard; answers how many records it read. */
  const pollOnce = async (): Promise<number> => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId, ShardIterator ?? null);
    }
    let read = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (error) {
        // An iterator that expired or points at trimmed records: start that shard over from its
        // oldest record on the next pass (consumers are idempotent, so a re-read is harmless).
        if (['ExpiredIteratorException', 'TrimmedDataAccessException'].includes((error as Error).name)) {
          iterators.delete(shardId);
          continue;
        }
        throw error;
      }
      const records = page.Records ?? [];
      read += records.length;
      if (records.length > 0 && !(await deliver(shardId, records))) continue;
      // A drain marker counts as reached only once everything before it was handled (or given up).
      for (const record of records) {
        const marker = record.dynamodb?.NewImage?.entity?.S === 'drain-marker' ? record.dynamodb.NewImage.id?.S : undefined;
        if (marker) markers.get(marker)?.();
      }
      iterators.set(shardId, page.NextShardIterator ?? null);
    }
    return read;
  };

  let current: Promise<number> | undefined;
  const cycle = (): Promise<number> => {
    current ??= pollOnce().finally(() => {
      current = undefined;
    });
    return current;
  };

  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        await cycle();
      } catch (error) {
        logger.error('Reading the table stream failed', { error: (error as Error).message });
      }
      await sleep(options.pollMs ?? 200);
    }
  })();

  return {
    drain: async () => {
      // The stream shows a write some time after it happened. A marker written now comes through
      // after everything written before it (one shard locally), so once it is back, all is read.
      const id = randomUUID();
      const key = { PK: { S: `LOCAL#DRAIN#${id}` }, SK: { S: 'DRAIN' } };
      const seen = new Promise<void>((resolve) => markers.set(id, resolve));
      await tables.send(new PutItemCommand({ TableName: options.tableName, Item: { ...key, entity: { S: 'drain-marker' }, id: { S: id } } }));
      const deadline = Date.now() + 15_000;
      let back = false;
      void seen.then(() => (back = true));
      while (!back && Date.now() < deadline) {
        await cycle().catch(() => 0);
        if (!back) await sleep(20);
      }
      markers.delete(id);
      await tables.send(new DeleteItemCommand({ TableName: options.tableName, Key: key }));
      if (!back) logger.warn('Drain gave up waiting for the table stream', { waitedMs: 15_000 });
    },
    stop: async () => {
      stopped = true;
      await loop;
      streams.destroy();
      tables.destroy();
    },
  };
};
