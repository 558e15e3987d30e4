import { actorOf, can } from '#shared/domain/access';
import { presentCustomer, type CustomerView } from '#shared/domain/customer-file';
import { DossierError, notFound } from '#shared/domain/errors';
import type { WorkEvent } from '#shared/domain/events';
import { exportHeader, exportRowOf, SYNC_EXPORT_LIMIT, type ExportOptions } from '#shared/domain/exports';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { SegmentFilter } from '#shared/domain/segments';
import { appendAudit } from '#shared/data/audit-repository';
import type { StoredCustomer } from '#shared/data/customer-repository';
import { fileStore } from '#shared/data/file-store';
import { createJobStep, getJob, saveJob, type StoredJob } from '#shared/data/job-repository';
import { keys } from '#shared/data/keys';
import { outboxStep } from '#shared/data/outbox';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newWorkEvent } from '#shared/events/event-catalogue';
import { newId } from '#shared/runtime/ids';
import { csvOf, CSV_TYPE, xlsxOf, XLSX_TYPE } from '#shared/spreadsheets/write-sheet';
import { auditEntryOf, auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { openCustomerValues } from './customer-secrets.ts';
import { requireSegment, segmentMembers } from './segment-members.ts';

/**
 * Exports of customers to CSV or `.xlsx`: masked unless revealed (which needs `customers:reveal`),
 * and audited either way. Up to `SYNC_EXPORT_LIMIT` customers come back as the answer; more are
 * written in the background (`POST /v1/exports`) to the file store and fetched through a link,
 * since a Lambda answer stops at 6 MB.
 */
const LINK_SECONDS = 15 * 60;
const PROGRESS_EVERY = 1000;

interface ExportResult {
  rows: number;
  bytes: number;
  fileName: string;
  contentType: string;
}

const requireRevealPermission = (caller: Caller, options: Pick<ExportOptions, 'reveal'>) => {
  if (options.reveal && !can(caller.principal, 'customers:reveal')) {
    throw new DossierError('forbidden', { detail: 'Exporting personal data in the clear needs the customers:reveal permission' });
  }
};

const filterOf = async (scope: TenantScope, segmentId: string | undefined): Promise<SegmentFilter> => (segmentId ? (await requireSegment(scope, segmentId)).filter : {});

const viewOf = async (scope: TenantScope, customer: StoredCustomer, reveal: boolean): Promise<CustomerView> =>
  presentCustomer(customer.file, reveal ? await openCustomerValues(scope, customer.file.id, customer.file.sealed) : customer.file.masked);

const fileOf = async (options: ExportOptions, rows: string[][], now: Date) => {
  const header = exportHeader(options.headers);
  const base = `customers-${now.toISOString().slice(0, 10)}`;
  return options.format === 'xlsx'
    ? { bytes: await xlsxOf(options.headers === 'zh' ? '客户' : 'customers', header, rows), contentType: XLSX_TYPE, fileName: `${base}.xlsx` }
    : { bytes: csvOf(header, rows), contentType: CSV_TYPE, fileName: `${base}.csv` };
};

const auditDetails = (options: ExportOptions, rows: number) => ({
  format: options.format,
  reveal: options.reveal,
  rows,
  ...(options.segmentId ? { segmentId: options.segmentId } : {}),
});

/** `GET /v1/exports/customers`: the file itself, for up to `SYNC_EXPORT_LIMIT` customers. */
export const exportCustomersNow = async (caller: Caller, options: ExportOptions) => {
  const { scope, meta } = caller;
  requireRevealPermission(caller, options);
  const rows: string[][] = [];
  for await (const member of segmentMembers(scope, await filterOf(scope, options.segmentId))) {
    if (rows.length >= SYNC_EXPORT_LIMIT) {
      throw new DossierError('too-large-to-answer', { detail: `More than ${SYNC_EXPORT_LIMIT} customers: POST /v1/exports exports them in the background` });
    }
    rows.push(exportRowOf(await viewOf(scope, member, options.reveal)));
  }
  await appendAudit(scope, auditEntryOf(caller, 'customers.exported', { details: auditDetails(options, rows.length) }));
  return fileOf(options, rows, meta.now);
};

type ExportJob = StoredJob<ExportOptions, ExportResult>;

const presentExport = async (scope: TenantScope, job: ExportJob, now: Date) => {
  const result = job.status === 'completed' ? job.result : undefined;
  const link = result
    ? { downloadUrl: await fileStore().linkTo(keys.exportFile(scope, job.id, job.options.format), { ...result, expiresInSeconds: LINK_SECONDS }), expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString() }
    : {};
  return {
    id: job.id,
    status: job.status,
    ...job.options,
    exported: job.progress.exported ?? 0,
    ...(result ? { rows: result.rows, bytes: result.bytes, fileName: result.fileName } : {}),
    ...link,
    ...(job.error ? { error: job.error } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    completedAt: job.completedAt ?? null,
  };
};

/** `POST /v1/exports`: the export runs in the background; its progress and link at `GET /v1/exports/{id}`. */
export const requestExport = async (caller: Caller, options: ExportOptions) => {
  const { scope, principal, meta } = caller;
  requireRevealPermission(caller, options);
  if (options.segmentId) await requireSegment(scope, options.segmentId);
  const now = meta.now.toISOString();
  const job: ExportJob = { id: newId('export', meta.now.getTime()), kind: 'export', status: 'queued', requestedBy: principal, options, progress: { exported: 0 }, createdAt: now, updatedAt: now };
  await transactWrite(scope, [
    createJobStep(scope, job),
    ...outboxStep(scope, [newWorkEvent(scope.tenantId, { type: 'export.requested', data: { exportId: job.id } }, meta.now)]),
    auditStepOf(caller, 'customers.exported', { target: { type: 'export', id: job.id }, details: auditDetails(options, 0) }),
  ]);
  return presentExport(scope, job, meta.now);
};

export const readExport = async (caller: Caller, request: { exportId: string }) => {
  const job = await getJob<ExportOptions, ExportResult>(caller.scope, { jobId: request.exportId, kind: 'export' });
  if (!job) throw notFound('Export');
  // Whoever asked for a revealed export may fetch it; others need the reveal permission themselves.
  if (job.options.reveal && actorOf(caller.principal).id !== actorOf(job.requestedBy).id) requireRevealPermission(caller, job.options);
  return presentExport(caller.scope, job, caller.meta.now);
};

/** The `export.requested` work: walks the customers, writes the file to the store, records the result. */
export const runExport = async (event: WorkEvent<'export.requested'>, meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  const job = await getJob<ExportOptions, ExportResult>(scope, { jobId: event.data.exportId, kind: 'export' });
  if (!job || job.status === 'completed' || job.status === 'failed') return;
  await saveJob(scope, job.id, { status: 'running', now: meta.now });
  const rows: string[][] = [];
  try {
    for await (const member of segmentMembers(scope, await filterOf(scope, job.options.segmentId))) {
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
