import { isDossierError } from '#shared/domain/errors';
import type { WorkEvent } from '#shared/domain/events';
import { targetOf, type ColumnTarget } from '#shared/domain/import-columns';
import { columnsByPath, countsOf, headerErrorsOf, type RowError } from '#shared/domain/imports';
import type { RequestMeta } from '#shared/domain/request-meta';
import { termsOf } from '#shared/domain/tenant';
import {
  finishChunkStep,
  getImport,
  putImportChunks,
  putRowOutcomes,
  readImportChunk,
  readImportFile,
  rowOutcomesBetween,
  startChunksStep,
  type StoredImport,
} from '#shared/data/import-repository';
import { outboxStep } from '#shared/data/outbox';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite, type TransactionStep } from '#shared/data/transactions';
import { newEvent, newWorkEvent } from '#shared/events/event-catalogue';
import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { readSheet, type Sheet, type TextEncoding } from '#shared/spreadsheets/read-sheet';
import { viewerLimit } from './customer-visibility.ts';
import { importRow, type SheetRowInput } from './import-rows.ts';
import { openImportJson, openImportPart, sealImportJson } from './import-secrets.ts';
import { tenantOf } from './tenant-context.ts';

/**
 * The `run-imports` consumer. `import.requested`: the file is read into rows, stored in chunks, and
 * the first chunk asked for. `import.chunk_ready`: the chunk's rows are imported, and the chunk's
 * counts and the request for the next chunk (or `import.completed`) are one write, made once: a
 * chunk delivered twice, or run again after a crash, skips the rows whose outcome is stored and
 * finds its counts already added.
 */
export const CHUNK_ROWS = 200;
/** Rows of a chunk written at once (each its own transaction). */
const ROW_CONCURRENCY = 4;

/** The import moved on (another delivery of the same work got there first): nothing left to do. */
const movedOn = (error: unknown) => isDossierError(error) && error.extensions?.importMovedOn === true;

const writeOnce = async (scope: TenantScope, steps: TransactionStep[]): Promise<void> => {
  try {
    await transactWrite(scope, steps);
  } catch (error) {
    if (!movedOn(error)) throw error;
  }
};

const completion = (scope: TenantScope, stored: StoredImport, totals: Pick<StoredImport, 'status' | 'total' | 'created' | 'updated' | 'unchanged' | 'duplicates' | 'failed'>, now: Date) =>
  newEvent(scope.tenantId, { type: 'import.completed', data: { importId: stored.id, ...totals, status: totals.status === 'failed' ? 'failed' : 'completed' } }, now);

const columnsOf = (sheet: Sheet, mapping: Record<string, string>) => {
  const seen = new Set<string>();
  return sheet.header.map((header) => {
    const target = targetOf(header, mapping);
    const key = target ? JSON.stringify(target) : undefined;
    // Two columns naming one field: the first is imported, the other ignored (and listed as such).
    if (!key || seen.has(key)) return { header, target: undefined };
    seen.add(key);
    return { header, target };
  });
};

const readFile = async (scope: TenantScope, stored: StoredImport): Promise<Buffer> => {
  const parts = await readImportFile(scope, stored.id);
  return Buffer.concat(await Promise.all(parts.map((part, at) => openImportPart(scope, { importId: stored.id, part: `file.${at}` }, part))));
};

const readRows = async (scope: TenantScope, stored: StoredImport, meta: RequestMeta): Promise<void> => {
  let sheet: Sheet;
  try {
    sheet = await readSheet({ bytes: await readFile(scope, stored), format: stored.format, encoding: (stored.encoding as TextEncoding | null) ?? undefined });
  } catch (error) {
    if (!isDossierError(error) || error.status !== 400) throw error;
    const fileErrors: RowError[] = [{ row: 1, column: null, path: 'body', message: error.detail ?? error.message }];
    const failed = { ...stored, status: 'failed' as const };
    await writeOnce(scope, [
      startChunksStep(scope, stored.id, { status: 'failed', total: 0, chunks: 0, columns: [], ignoredColumns: [], encoding: null, fileErrors, now: meta.now }),
      ...outboxStep(scope, [completion(scope, stored, failed, meta.now)]),
    ]);
    return;
  }
  const columns = columnsOf(sheet, stored.mapping);
  const fileErrors = headerErrorsOf(new Map(columns.flatMap((column): [string, ColumnTarget][] => (column.target ? [[column.header, column.target]] : []))));
  const rows = fileErrors.length > 0 ? [] : sheet.rows;
  const chunks: SheetRowInput[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) chunks.push(rows.slice(start, start + CHUNK_ROWS));
  await putImportChunks(scope, stored.id, await Promise.all(chunks.map((chunk, at) => sealImportJson(scope, { importId: stored.id, part: `rows.${at}` }, chunk))), meta.now);
  const status = fileErrors.length > 0 ? 'failed' : chunks.length > 0 ? 'processing' : 'completed';
  const next =
    status === 'processing'
      ? newWorkEvent(scope.tenantId, { type: 'import.chunk_ready', data: { importId: stored.id, chunk: 0 } }, meta.now)
      : completion(scope, stored, { ...stored, status }, meta.now);
  await writeOnce(scope, [
    startChunksStep(scope, stored.id, {
      status,
      total: rows.length,
      chunks: chunks.length,
      columns,
      ignoredColumns: columns.filter((column) => !column.target).map((column) => column.header),
      encoding: sheet.encoding ?? null,
      fileErrors,
      now: meta.now,
    }),
    ...outboxStep(scope, [next]),
  ]);
};

const runChunk = async (scope: TenantScope, stored: StoredImport, chunk: number, meta: RequestMeta): Promise<void> => {
  const sealed = await readImportChunk(scope, stored.id, chunk);
  const rows = sealed ? await openImportJson<SheetRowInput[]>(scope, { importId: stored.id, part: `rows.${chunk}` }, sealed) : [];
  const span = { from: rows[0]?.row ?? 0, to: rows.at(-1)?.row ?? 0 };
  const done = new Set((await rowOutcomesBetween(scope, stored.id, span)).map((outcome) => outcome.row));
  const tenant = await tenantOf(scope);
  const columns = stored.columns.map((column) => ({ header: column.header, target: column.target }));
  const caller = { scope, principal: stored.requestedBy, meta: { ...meta, userAgent: `import ${stored.id}` } };
  const context = {
    caller,
    visibleTo: await viewerLimit(caller),
    importId: stored.id,
    mode: stored.mode,
    terms: termsOf(tenant),
    columns,
    byPath: columnsByPath(new Map(columns.flatMap((column): [string, ColumnTarget][] => (column.target ? [[column.header, column.target]] : [])))),
    settled: [],
  };
  const pending = rows.filter((row) => !done.has(row.row));
  await forEachConcurrently(0, pending.length, ROW_CONCURRENCY, (at) => importRow(context, pending[at]!));
  await putRowOutcomes(scope, stored.id, context.settled, meta.now);
  const counts = countsOf((await rowOutcomesBetween(scope, stored.id, span)).map((outcome) => outcome.outcome));
  const last = chunk + 1 >= stored.chunks;
  const totals = {
    status: last ? ('completed' as const) : stored.status,
    total: stored.total,
    created: stored.created + counts.created,
    updated: stored.updated + counts.updated,
    unchanged: stored.unchanged + counts.unchanged,
    duplicates: stored.duplicates + counts.duplicates,
    failed: stored.failed + counts.failed,
  };
  const next = last
    ? completion(scope, stored, totals, meta.now)
    : newWorkEvent(scope.tenantId, { type: 'import.chunk_ready', data: { importId: stored.id, chunk: chunk + 1 } }, meta.now);
  await writeOnce(scope, [finishChunkStep(scope, stored.id, { chunk, counts, last, now: meta.now }), ...outboxStep(scope, [next])]);
};

export const runImportWork = async (event: WorkEvent<'import.requested' | 'import.chunk_ready'>, meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  const stored = await getImport(scope, event.data.importId, true);
  if (!stored) return;
  if (event.type === 'import.requested') {
    if (stored.status === 'queued') await readRows(scope, stored, meta);
    return;
  }
  if (stored.status === 'processing' && stored.nextChunk === event.data.chunk) await runChunk(scope, stored, event.data.chunk, meta);
};
