import { DossierError } from '#shared/domain/errors';
import type { WorkEvent } from '#shared/domain/events';
import { exportHeader, exportRowOf, SYNC_EXPORT_LIMIT, type ExportOptions } from '#shared/domain/exports';
import type { RequestMeta } from '#shared/domain/request-meta';
import { appendAudit } from '#shared/data/audit-repository';
import { fileStore } from '#shared/data/file-store';
import { getJob, saveJob } from '#shared/data/job-repository';
import { keys } from '#shared/data/keys';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { CSV_TYPE, XLSX_TYPE } from '#shared/spreadsheets/sheet-formats';
import { csvOf } from '#shared/spreadsheets/write-csv';
import { xlsxOf } from '#shared/spreadsheets/write-xlsx';
import { auditEntryOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { auditDetails, filterOf, requireRevealPermission, viewOf, type ExportResult } from './exports.ts';
import { viewerLimit } from './customer-visibility.ts';
import { segmentMemberProfiles } from './segment-members.ts';

/**
 * Writing an export's file (CSV with a BOM, or .xlsx): in the answer for up to
 * `SYNC_EXPORT_LIMIT` customers, or in the background into the file store.
 */
const PROGRESS_EVERY = 1000;

const fileOf = async (options: ExportOptions, rows: string[][], now: Date) => {
  const header = exportHeader(options.headers);
  const base = `customers-${now.toISOString().slice(0, 10)}`;
  return options.format === 'xlsx'
    ? { bytes: await xlsxOf(options.headers === 'zh' ? '客户' : 'customers', header, rows), contentType: XLSX_TYPE, fileName: `${base}.xlsx` }
    : { bytes: csvOf(header, rows), contentType: CSV_TYPE, fileName: `${base}.csv` };
};

/** `GET /v1/exports/customers`: the file itself, for up to `SYNC_EXPORT_LIMIT` customers. */
export const exportCustomersNow = async (caller: Caller, options: ExportOptions) => {
  const { scope, meta } = caller;
  requireRevealPermission(caller, options);
  const rows: string[][] = [];
  const [filter, visibleTo] = await Promise.all([filterOf(scope, options.segmentId), viewerLimit(caller)]);
  for await (const member of segmentMemberProfiles(scope, filter, { visibleTo })) {
    if (rows.length >= SYNC_EXPORT_LIMIT) {
      throw new DossierError('too-large-to-answer', { detail: `More than ${SYNC_EXPORT_LIMIT} customers: POST /v1/exports exports them in the background` });
    }
    rows.push(exportRowOf(await viewOf(scope, member, options.reveal)));
  }
  await appendAudit(scope, auditEntryOf(caller, 'customers.exported', { details: auditDetails(options, rows.length) }));
  return fileOf(options, rows, meta.now);
};

/** The `export.requested` work: walks the customers, writes the file to the store, records the result. */
export const runExport = async (event: WorkEvent<'export.requested'>, meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  const job = await getJob<ExportOptions, ExportResult>(scope, { jobId: event.data.exportId, kind: 'export' });
  if (!job || job.status === 'completed' || job.status === 'failed') return;
  await saveJob(scope, job.id, { status: 'running', now: meta.now });
  const rows: string[][] = [];
  try {
    // The customers whoever asked may see, as their list would show them.
    const [filter, visibleTo] = await Promise.all([filterOf(scope, job.options.segmentId), viewerLimit({ scope, principal: job.requestedBy })]);
    for await (const member of segmentMemberProfiles(scope, filter, { visibleTo })) {
      rows.push(exportRowOf(await viewOf(scope, member, job.options.reveal)));
      if (rows.length % PROGRESS_EVERY === 0) await saveJob(scope, job.id, { status: 'running', progress: { exported: rows.length }, now: new Date() });
    }
  } catch (error) {
    if (!(error instanceof DossierError && error.code === 'not-found')) throw error;
    await saveJob(scope, job.id, { status: 'failed', error: 'The segment was deleted', now: new Date() });
    return;
  }
  const file = await fileOf(job.options, rows, meta.now);
  await fileStore().put(keys.exportFile(scope, job.id, job.options.format), file.bytes, file);
  const result: ExportResult = { rows: rows.length, bytes: file.bytes.length, fileName: file.fileName, contentType: file.contentType };
  await saveJob(scope, job.id, { status: 'completed', progress: { exported: rows.length }, result, now: new Date() });
};
