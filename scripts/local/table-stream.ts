import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteItemCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamEntry } from '#functions/manifest';
import { localLogger as logger } from './local-logger.ts';
import { loadHandler } from './local-server.ts';
import { admits, toLambdaRecord } from './stream-records.ts';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

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

/** Where one function's reading of one shard stands, as an event source mapping keeps it. */
interface ShardPosition {
  iterator: string | null;
  /** The last record handed on (or given up on): an expired iterator resumes after it. */
  lastSequence?: string | undefined;
  /** A whole batch that failed, handed over again unchanged on the next pass (wholeBatches functions). */
  pending?: { records: StreamRecord[]; next: string | null; tries: number } | undefined;
  /** Records read but not yet handed on: a batch gathering over the function's batching window. */
  gathered?: { records: StreamRecord[]; since: number } | undefined;
}

/**
 * Locally a batch gathers for the function's batching window, but at most this long (a drain hands
 * it on at once): long enough that a summing function folds many changes into one batch, as in AWS.
 */
const LOCAL_WINDOW_MS = 2_000;

interface Reader {
  entry: StreamEntry;
  handle: StreamHandler;
  positions: Map<string, ShardPosition>;
  /** Failed tries per record, as Lambda counts them before it sends a batch to the DLQ and moves on. */
  failures: Map<string, number>;
}

/**
 * Where each function had got to in each shard when the runtime last saved it: a restarted runtime
 * reads on from there, as an event source mapping keeps its position in AWS. Without it, every
 * restart would hand the functions the stream's whole 24 hours again (events published twice, the
 * report sums counted twice).
 */
interface SavedPositions {
  streamArn: string;
  /** By function name, by shard id: the sequence number of the last record handed on. */
  readers: Record<string, Record<string, string>>;
}

const loadPositions = async (file: string | undefined, streamArn: string): Promise<SavedPositions['readers']> => {
  if (!file) return {};
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as SavedPositions;
    // Another table, or the table made again: its stream is new, and so are its positions.
    return saved.streamArn === streamArn ? saved.readers : {};
  } catch {
    return {};
  }
};

export const startTableStream = async (options: {
  endpoint: string;
  tableName: string;
  entries: readonly StreamEntry[];
  pollMs?: number;
  /** A file to keep the functions' positions in across restarts (the data directory's); none in memory. */
  positionsFile?: string | undefined;
}): Promise<TableStream> => {
  const tables = new DynamoDBClient({ endpoint: options.endpoint, ...local });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, ...local });
  const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  // Each function reads the stream on its own, as each event source mapping does in AWS: one
  // function failing a record holds back only its own reading, never another's.
  const readers: Reader[] = await Promise.all(
    options.entries.map(async (entry) => ({ entry, handle: await loadHandler<StreamHandler>(entry), positions: new Map(), failures: new Map() })),
  );
  const saved = await loadPositions(options.positionsFile, streamArn);
  let savedText = '';
  // Written after passes that moved a position (and at stop), atomically: a crash loses at most
  // the last pass, which a restart hands over again (at least once, as in AWS).
  const savePositions = async (): Promise<void> => {
    if (!options.positionsFile) return;
    const positions: SavedPositions = {
      streamArn,
      readers: Object.fromEntries(
        readers.map((reader) => [
          reader.entry.name,
          { ...saved[reader.entry.name], ...Object.fromEntries([...reader.positions].flatMap(([shardId, position]) => (position.lastSequence ? [[shardId, position.lastSequence]] : []))) },
        ]),
      ),
    };
    const text = JSON.stringify(positions);
    if (text === savedText) return;
    savedText = text;
    const temporary = `${options.positionsFile}.${process.pid}.tmp`;
    await mkdir(path.dirname(options.positionsFile), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, options.positionsFile);
  };
  let saving: Promise<void> = Promise.resolve();
  const saveSoon = () => (saving = saving.then(savePositions).catch((error: unknown) => logger.warn('The stream positions could not be saved', { error: (error as Error).message })));
  // Drain markers written to the table, by id, waiting for every reader to read past them.
  const markers = new Map<string, { passed: Set<string>; resolve: () => void }>();
  // Drains under way: a gathering batch is handed on at once.
  let flushing = 0;

  const iteratorAt = async (shardId: string, after?: string): Promise<string | null> => {
    const at = async (from: string | undefined) =>
      (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ...(from ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: from } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        )
      ).ShardIterator ?? null;
    try {
      return await at(after);
    } catch (error) {
      // A saved position older than the stream keeps (24 hours): read what it still holds.
      if (after && (error as Error).name === 'TrimmedDataAccessException') return at(undefined);
      throw error;
    }
  };

  /** Partial batch responses: a failed record and everything after it are read again. */
  const deliverPartially = async (reader: Reader, shardId: string, admitted: StreamRecord[]): Promise<boolean> => {
    const result = await reader.handle({ Records: admitted.map(toLambdaRecord) });
    const failed = result?.batchItemFailures?.[0]?.itemIdentifier;
    if (!failed) return true;
    const tries = (reader.failures.get(failed) ?? 0) + 1;
    reader.failures.set(failed, tries);
    // Retried `retryAttempts` times, the record is given up on (AWS: its position goes to the
    // stream function's DLQ) and the stream reads on after it; the outbox keeps what it held.
    const givenUp = tries > reader.entry.retryAttempts;
    if (givenUp) logger.error('A stream record kept failing; moving on after it', { function: reader.entry.name, sequenceNumber: failed, tries });
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: givenUp ? 'AFTER_SEQUENCE_NUMBER' : 'AT_SEQUENCE_NUMBER', SequenceNumber: failed }),
    );
    if (givenUp) reader.failures.delete(failed);
    const position = reader.positions.get(shardId);
    if (position) position.iterator = ShardIterator ?? null;
    return false;
  };

  /** Whole batches: a failure (thrown, or any failed record) hands the same records over again. */
  const deliverWhole = async (reader: Reader, admitted: StreamRecord[]): Promise<boolean> => {
    try {
      const result = await reader.handle({ Records: admitted.map(toLambdaRecord) });
      return !result?.batchItemFailures?.length;
    } catch (error) {
      logger.warn('A stream batch failed; it will be handed over again', { function: reader.entry.name, error: (error as Error).message });
      return false;
    }
  };

  const passMarkers = (reader: Reader, records: StreamRecord[]) => {
    for (const record of records) {
      const id = record.dynamodb?.NewImage?.entity?.S === 'drain-marker' ? record.dynamodb.NewImage.id?.S : undefined;
      const marker = id ? markers.get(id) : undefined;
      if (!marker) continue;
      marker.passed.add(reader.entry.name);
      if (marker.passed.size === readers.length) marker.resolve();
    }
  };

  /** The next page of a shard, or undefined when its iterator had to be placed again. */
  const readPage = async (shardId: string, position: ShardPosition, limit: number) => {
    if (!position.iterator) return { records: [] as StreamRecord[], next: null };
    try {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: position.iterator, Limit: limit }));
      return { records: page.Records ?? [], next: page.NextShardIterator ?? null };
    } catch (error) {
      // An iterator that expired or points at trimmed records: read on after the last record handled.
      if (['ExpiredIteratorException', 'TrimmedDataAccessException'].includes((error as Error).name)) {
        position.iterator = await iteratorAt(shardId, position.lastSequence);
        position.gathered = undefined;
        return undefined;
      }
      throw error;
    }
  };

  /** For a function with a batching window: its records so far, once the batch is full or its window has passed. */
  const gatheredBatch = async (reader: Reader, shardId: string, position: ShardPosition) => {
    const batchSize = reader.entry.batchSize ?? 1000;
    const page = await readPage(shardId, position, batchSize);
    if (!page) return undefined;
    const gathered = (position.gathered ??= { records: [], since: Date.now() });
    gathered.records.push(...page.records);
    position.iterator = page.next;
    const window = Math.min((reader.entry.batchingWindowSeconds ?? 0) * 1000, LOCAL_WINDOW_MS);
    const full = gathered.records.filter((record) => admits(reader.entry, record)).length >= batchSize;
    if (!full && flushing === 0 && Date.now() - gathered.since < window) return undefined;
    position.gathered = undefined;
    return { records: gathered.records, next: position.iterator };
  };

  /** One reader's pass over one shard; answers how many records it read. */
  const readShard = async (reader: Reader, shardId: string, position: ShardPosition): Promise<number> => {
    let records: StreamRecord[];
    let next: string | null;
    let tries = 0;
    if (position.pending) {
      ({ records, next, tries } = position.pending);
    } else {
      const batch = reader.entry.wholeBatches ? await gatheredBatch(reader, shardId, position) : await readPage(shardId, position, reader.entry.batchSize ?? 1000);
      if (!batch) return 0;
      ({ records, next } = batch);
    }
    const admitted = records.filter((record) => admits(reader.entry, record));
    if (admitted.length > 0) {
      if (!reader.entry.wholeBatches) {
        if (!(await deliverPartially(reader, shardId, admitted))) return records.length;
      } else if (!(await deliverWhole(reader, admitted))) {
        const givenUp = tries + 1 > reader.entry.retryAttempts;
        if (!givenUp) {
          position.pending = { records, next, tries: tries + 1 };
          return records.length;
        }
        logger.error('A stream batch kept failing; moving on after it', { function: reader.entry.name, tries: tries + 1 });
      }
    }
    position.pending = undefined;
    // A drain marker counts as passed only once everything before it was handled (or given up).
    passMarkers(reader, records);
    position.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? position.lastSequence;
    position.iterator = next;
    return records.length;
  };

  /** One pass of every reader over every shard; answers how many records were read. */
  const pollReader = async (reader: Reader): Promise<number> => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || reader.positions.has(shard.ShardId)) continue;
      const after = saved[reader.entry.name]?.[shard.ShardId];
      reader.positions.set(shard.ShardId, { iterator: await iteratorAt(shard.ShardId, after), lastSequence: after });
    }
    let read = 0;
    for (const [shardId, position] of reader.positions) read += await readShard(reader, shardId, position);
    // Saved before the next pass, so a runtime killed later hands on nothing twice.
    if (read > 0) await saveSoon();
    return read;
  };

  // One pass of a reader at a time; a drain joins the pass under way rather than starting another.
  const passes = new Map<Reader, Promise<number>>();
  const cycleOf = (reader: Reader): Promise<number> => {
    let pass = passes.get(reader);
    if (!pass) passes.set(reader, (pass = pollReader(reader).finally(() => passes.delete(reader))));
    return pass;
  };
  const cycle = async (): Promise<number> => (await Promise.all(readers.map(cycleOf))).reduce((total, read) => total + read, 0);

  // Each function reads on its own clock, as its event source mapping would: a long roll-up
  // never holds up the publication of events.
  let stopped = false;
  const loops = readers.map(async (reader) => {
    while (!stopped) {
      try {
        await cycleOf(reader);
      } catch (error) {
        logger.error('Reading the table stream failed', { function: reader.entry.name, error: (error as Error).message });
      }
      await sleep(options.pollMs ?? 200);
    }
  });

  return {
    drain: async () => {
      // The stream shows a write some time after it happened. A marker written now comes through
      // after everything written before it (one shard locally), so once it is back, all is read.
      const id = randomUUID();
      const key = { PK: { S: `LOCAL#DRAIN#${id}` }, SK: { S: 'DRAIN' } };
      flushing += 1;
      const seen = new Promise<void>((resolve) => markers.set(id, { passed: new Set(), resolve }));
      await tables.send(new PutItemCommand({ TableName: options.tableName, Item: { ...key, entity: { S: 'drain-marker' }, id: { S: id } } }));
      const deadline = Date.now() + 15_000;
      let back = false;
      void seen.then(() => (back = true));
      while (!back && Date.now() < deadline) {
        await cycle().catch(() => 0);
        if (!back) await sleep(20);
      }
      markers.delete(id);
      flushing -= 1;
      await tables.send(new DeleteItemCommand({ TableName: options.tableName, Key: key }));
      if (!back) logger.warn('Drain gave up waiting for the table stream', { waitedMs: 15_000 });
    },
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      saveSoon();
      await saving;
      streams.destroy();
      tables.destroy();
    },
  };
};
