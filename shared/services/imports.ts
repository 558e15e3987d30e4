import { actorOf, can } from '#shared/domain/access';
import { DossierError, notFound } from '#shared/domain/errors';
import { emptyCounts, type ImportQuery, type ImportView, type RowError } from '#shared/domain/imports';
import type { UploadedFile } from '#shared/domain/values';
import { appendAudit } from '#shared/data/audit-repository';
import { createImportStep, failedRows, getImport, putImportFile, type StoredImport } from '#shared/data/import-repository';
import { transactWrite } from '#shared/data/transactions';
import { newWorkEvent } from '#shared/events/event-catalogue';
import { newId } from '#shared/runtime/ids';
import { formatOf } from '#shared/spreadsheets/sheet-formats';
import { csvOf } from '#shared/spreadsheets/write-csv';
import { auditEntryOf, changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { openImportJson, sealImportPart } from './import-secrets.ts';

/**
 * Imports of customers from a CSV or `.xlsx` file (up to 10 MiB). The request only keeps the file
 * (sealed, in parts) and asks for it to be read; the `run-imports` consumer reads it and imports it
 * a chunk of rows at a time (import-processing.ts). Progress and bad rows are read here.
 */

/** Parts of the file as stored: each item stays well under DynamoDB's 400 KB. */
const FILE_PART_BYTES = 300 * 1024;
/** `GET /v1/imports/{id}` lists at most this many bad rows; the failures download has them all. */
export const ERRORS_SHOWN = 2000;

export const presentImport = (stored: StoredImport, errors: RowError[]): ImportView => ({
  id: stored.id,
  status: stored.status,
  mode: stored.mode,
  fileName: stored.fileName,
  format: stored.format,
  encoding: stored.encoding,
  total: stored.total,
  processed: stored.processed,
  created: stored.created,
  updated: stored.updated,
  unchanged: stored.unchanged,
  duplicates: stored.duplicates,
  failed: stored.failed,
  ignoredColumns: stored.ignoredColumns,
  errors: [...stored.fileErrors, ...errors],
  moreErrors: stored.failed > ERRORS_SHOWN,
  createdAt: stored.createdAt,
  updatedAt: stored.updatedAt,
  completedAt: stored.completedAt,
});

const partsOf = (bytes: Buffer): Buffer[] => {
  const parts: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += FILE_PART_BYTES) parts.push(bytes.subarray(start, start + FILE_PART_BYTES));
  return parts;
};

export const requestImport = async (caller: Caller, request: { file: UploadedFile; query: ImportQuery }) => {
  const { scope, principal, meta } = caller;
  const { file, query } = request;
  const id = newId('import', meta.now.getTime());
  const sealed = await Promise.all(partsOf(file.bytes).map((part, at) => sealImportPart(scope, { importId: id, part: `file.${at}` }, part)));
  await putImportFile(scope, id, sealed, meta.now);
  const now = meta.now.toISOString();
  const stored: StoredImport = {
    id,
    status: 'queued',
    mode: query.mode,
    fileName: query.fileName ?? null,
    format: formatOf(file.contentType, file.bytes),
    encoding: query.encoding ?? null,
    mapping: query.mapping ?? {},
    requestedBy: principal,
    fileParts: sealed.length,
    chunks: 0,
    nextChunk: 0,
    ...emptyCounts(),
    columns: [],
    ignoredColumns: [],
    fileErrors: [],
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
  await transactWrite(scope, [
    createImportStep(scope, stored, meta.now),
    ...changeStepsOf(caller, [newWorkEvent(scope.tenantId, { type: 'import.requested', data: { importId: id } }, meta.now)], 'import.requested', { target: { type: 'import', id }, details: { mode: query.mode, format: stored.format, bytes: file.bytes.length } }),
  ]);
  return presentImport(stored, []);
};

const requireImport = async (caller: Caller, importId: string): Promise<StoredImport> => {
  const stored = await getImport(caller.scope, importId, true);
  if (!stored) throw notFound('Import');
  return stored;
};

export const readImport = async (caller: Caller, request: { importId: string }) => {
  const stored = await requireImport(caller, request.importId);
  const errors: RowError[] = [];
  let rows = 0;
  for await (const failed of failedRows(caller.scope, stored.id)) {
    if ((rows += 1) > ERRORS_SHOWN) break;
    errors.push(...(failed.errors ?? []));
  }
  return presentImport(stored, errors);
};

const isCjk = (text: string) => /[\u3400-\u9fff]/.test(text);

/**
 * The bad rows as a CSV to fix and import again: the file's own columns with each row's cells as
 * sent, its row number first and the reasons last (columns the importer ignores). It holds the
 * file's personal data in the clear, so only whoever imported it, or someone who may reveal
 * personal data, may download it; each download is audited.
 */
export const importFailures = async (caller: Caller, request: { importId: string }) => {
  const { scope, principal } = caller;
  const stored = await requireImport(caller, request.importId);
  const mine = principal.kind === stored.requestedBy.kind && actorOf(principal).id === actorOf(stored.requestedBy).id;
  if (!mine && !can(principal, 'customers:reveal')) {
    throw new DossierError('forbidden', { detail: "The failed rows hold the file's personal data: only whoever imported it, or someone with customers:reveal, may download them" });
  }
  const headers = stored.columns.map((column) => column.header);
  const chinese = headers.some(isCjk);
  const rows: string[][] = [];
  for await (const failed of failedRows(scope, stored.id)) {
    const cells = failed.cells ? await openImportJson<string[]>(scope, { importId: stored.id, part: `row.${failed.row}` }, failed.cells) : [];
    const reasons = (failed.errors ?? []).map((error) => `${error.column ?? error.path}: ${error.message}`).join('; ');
    rows.push([String(failed.row), ...headers.map((_header, at) => cells[at] ?? ''), reasons]);
  }
  await appendAudit(scope, auditEntryOf(caller, 'import.failures_downloaded', { target: { type: 'import', id: stored.id }, details: { rows: rows.length } }));
  const baseName = (stored.fileName ?? stored.id).replace(/\.(csv|xlsx)$/i, '');
  return {
    bytes: csvOf([chinese ? '行号' : 'row', ...headers, chinese ? '错误原因' : 'reason'], rows),
    fileName: `${baseName}-failures.csv`,
  };
};
