import type { Principal } from '#shared/domain/access';
import { DossierError } from '#shared/domain/errors';
import type { ColumnTarget } from '#shared/domain/import-columns';
import type { ImportCounts, ImportMode, ImportStatus, RowError, RowOutcome } from '#shared/domain/imports';
import { readItem, tableName } from './client.ts';
import { putItems } from './batch-operations.ts';
import { keys } from './keys.ts';
import { queryAll, type Item } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, type TransactionStep } from './transactions.ts';

/**
 * Imports (docs/data-model.md, patterns 53–55): the import's progress item, its file and rows
 * (sealed by the caller) while it runs, and one outcome item per row, written in the row's own
 * transaction, which is what makes a chunk safe to run twice.
 */
const DAY = 24 * 3600;
/** The file and its rows are only needed while the import runs. */
const WORKING_TTL_SECONDS = 7 * DAY;
/** Row outcomes (the bad rows a person downloads to fix) and the import's progress stay a while longer. */
const RESULT_TTL_SECONDS = 30 * DAY;

export interface StoredImport extends ImportCounts {
  id: string;
  status: ImportStatus;
  mode: ImportMode;
  fileName: string | null;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  mapping: Record<string, string>;
  /** Who asked: rows are written as their actions (their permission was checked when they asked). */
  requestedBy: Principal;
  fileParts: number;
  chunks: number;
  /** The chunk whose rows are next; a chunk's end moves it on in the same write as its counts. */
  nextChunk: number;
  /** The file's columns by position (known once the file is read): its header and the field it names. */
  columns: { header: string; target?: ColumnTarget | undefined }[];
  ignoredColumns: string[];
  /** Errors of the file as a whole (no name column); rows' errors are items of their own. */
  fileErrors: RowError[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

const expiry = (now: Date, seconds: number) => Math.floor(now.getTime() / 1000) + seconds;

const importOf = (item: Item): StoredImport => {
  const { PK: _pk, SK: _sk, entity: _entity, ttl: _ttl, ...stored } = item;
  return stored as StoredImport;
};

export const getImport = async (scope: TenantScope, importId: string, consistent = false): Promise<StoredImport | undefined> => {
  const item = await readItem(scope, keys.import(scope, importId), { consistent });
  return item ? importOf(item) : undefined;
};

/** The file's parts first (nothing refers to them until the import item exists; they expire if it never does). */
export const putImportFile = async (scope: TenantScope, importId: string, parts: Buffer[], now: Date): Promise<void> =>
  putItems(scope, parts.map((data, part) => ({ ...keys.importFilePart(scope, importId, part), entity: 'import-file', data, ttl: expiry(now, WORKING_TTL_SECONDS) })));

export const createImportStep = (scope: TenantScope, stored: StoredImport, now: Date): TransactionStep =>
  putIfNew({ ...keys.import(scope, stored.id), entity: 'import', ...stored, ttl: expiry(now, RESULT_TTL_SECONDS) });

export const readImportFile = async (scope: TenantScope, importId: string): Promise<Uint8Array[]> => {
  const parts: Uint8Array[] = [];
  for await (const item of queryAll(scope, { partition: keys.importPartition(scope, importId), range: { beginsWith: keys.importFilePrefix }, consistent: true })) {
    parts.push(item.data as Uint8Array);
  }
  return parts;
};

/** The rows of each chunk, sealed by the caller. */
export const putImportChunks = async (scope: TenantScope, importId: string, chunks: Buffer[], now: Date): Promise<void> =>
  putItems(scope, chunks.map((data, chunk) => ({ ...keys.importChunk(scope, importId, chunk), entity: 'import-rows', data, ttl: expiry(now, WORKING_TTL_SECONDS) })));

export const readImportChunk = async (scope: TenantScope, importId: string, chunk: number): Promise<Uint8Array | undefined> =>
  (await readItem(scope, keys.importChunk(scope, importId, chunk), { consistent: true }))?.data as Uint8Array | undefined;

const updateImport = (
  scope: TenantScope,
  importId: string,
  change: { set: Record<string, unknown>; add?: Record<string, number>; when: string; whenNames: Record<string, string>; whenValues: Record<string, unknown> },
): TransactionStep => {
  const set = Object.entries(change.set);
  const add = Object.entries(change.add ?? {});
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.import(scope, importId),
        UpdateExpression: [`SET ${set.map((_entry, at) => `#s${at} = :s${at}`).join(', ')}`, add.length > 0 ? `ADD ${add.map((_entry, at) => `#a${at} :a${at}`).join(', ')}` : ''].join(' '),
        ConditionExpression: change.when,
        ExpressionAttributeNames: { ...Object.fromEntries(set.map(([name], at) => [`#s${at}`, name])), ...Object.fromEntries(add.map(([name], at) => [`#a${at}`, name])), ...change.whenNames },
        ExpressionAttributeValues: { ...Object.fromEntries(set.map(([, value], at) => [`:s${at}`, value])), ...Object.fromEntries(add.map(([, value], at) => [`:a${at}`, value])), ...change.whenValues },
      },
    },
    onConditionFailed: () => new DossierError('conflict', { detail: 'The import moved on meanwhile', extensions: { importMovedOn: true } }),
  };
};

/** The file was read: its rows are in chunks, and the first chunk is asked for in the same write. */
export const startChunksStep = (
  scope: TenantScope,
  importId: string,
  parsed: Pick<StoredImport, 'total' | 'chunks' | 'columns' | 'ignoredColumns' | 'encoding' | 'fileErrors'> & { status: ImportStatus; now: Date },
): TransactionStep =>
  updateImport(scope, importId, {
    set: {
      status: parsed.status,
      columns: parsed.columns,
      total: parsed.total,
      chunks: parsed.chunks,
      ignoredColumns: parsed.ignoredColumns,
      encoding: parsed.encoding,
      fileErrors: parsed.fileErrors,
      updatedAt: parsed.now.toISOString(),
      ...(parsed.status === 'completed' || parsed.status === 'failed' ? { completedAt: parsed.now.toISOString() } : {}),
    },
    when: '#status = :queued',
    whenNames: { '#status': 'status' },
    whenValues: { ':queued': 'queued' },
  });

/** A chunk is done: its counts are added and the next chunk named, once (the condition is the chunk's number). */
export const finishChunkStep = (scope: TenantScope, importId: string, done: { chunk: number; counts: Omit<ImportCounts, 'total'>; last: boolean; now: Date }): TransactionStep =>
  updateImport(scope, importId, {
    set: {
      nextChunk: done.chunk + 1,
      updatedAt: done.now.toISOString(),
      ...(done.last ? { status: 'completed', completedAt: done.now.toISOString() } : {}),
    },
    add: done.counts,
    when: '#next = :chunk AND #status = :processing',
    whenNames: { '#next': 'nextChunk', '#status': 'status' },
    whenValues: { ':chunk': done.chunk, ':processing': 'processing' },
  });

export interface StoredRowOutcome {
  row: number;
  outcome: RowOutcome;
  customerId?: string | undefined;
  errors?: RowError[] | undefined;
  /** A failed row's cells as the file had them, sealed: the failures download gives them back to fix. */
  cells?: Uint8Array | undefined;
}

const rowOutcomeItem = (scope: TenantScope, importId: string, outcome: StoredRowOutcome, now: Date) => ({
  ...(outcome.outcome === 'failed' ? keys.importRowFailed(scope, importId, outcome.row) : keys.importRowDone(scope, importId, outcome.row)),
  entity: 'import-row',
  ...outcome,
  ttl: expiry(now, RESULT_TTL_SECONDS),
});

/**
 * Outcomes of rows that wrote nothing (unchanged, duplicate, failed), stored together. A chunk run
 * again computes them again and writes the same; only outcomes of rows that wrote a customer must
 * be written once, with the customer (`rowOutcomeStep`).
 */
export const putRowOutcomes = (scope: TenantScope, importId: string, outcomes: readonly StoredRowOutcome[], now: Date): Promise<void> =>
  putItems(scope, outcomes.map((outcome) => rowOutcomeItem(scope, importId, outcome, now)));

/** A row's outcome, written once: in the row's own transaction when it writes a customer. */
export const rowOutcomeStep = (scope: TenantScope, importId: string, outcome: StoredRowOutcome, now: Date): TransactionStep =>
  putIfNew(
    rowOutcomeItem(scope, importId, outcome, now),
    () => new DossierError('conflict', { detail: `Row ${outcome.row} was imported before`, extensions: { rowDone: true } }),
  );

const rowOf = (item: Item): StoredRowOutcome => ({
  row: Number(item.row),
  outcome: item.outcome as RowOutcome,
  customerId: item.customerId as string | undefined,
  errors: item.errors as RowError[] | undefined,
  cells: item.cells as Uint8Array | undefined,
});

/** The outcomes already written for rows `from`–`to` (both ends included): done and failed. */
export const rowOutcomesBetween = async (scope: TenantScope, importId: string, rows: { from: number; to: number }): Promise<StoredRowOutcome[]> => {
  const found: StoredRowOutcome[] = [];
  for (const outcome of ['done', 'failed'] as const) {
    const range = [keys.importRowSortKey(outcome, rows.from), keys.importRowSortKey(outcome, rows.to)] as const;
    for await (const item of queryAll(scope, { partition: keys.importPartition(scope, importId), range: { between: range }, consistent: true })) found.push(rowOf(item));
  }
  return found;
};

/** Every failed row, in file order: one Query of the failed rows' prefix. */
export async function* failedRows(scope: TenantScope, importId: string): AsyncGenerator<StoredRowOutcome> {
  for await (const item of queryAll(scope, { partition: keys.importPartition(scope, importId), range: { beginsWith: keys.importFailedPrefix } })) yield rowOf(item);
}
