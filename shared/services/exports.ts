import { actorOf, can } from '#shared/domain/access';
import { presentCustomer } from '#shared/domain/customer-file';
import type { CustomerView } from '#shared/domain/customer-view';
import { DossierError, notFound } from '#shared/domain/errors';
import type { ExportJobView, ExportOptions } from '#shared/domain/exports';
import type { SegmentFilter } from '#shared/domain/segments';
import type { StoredCustomer } from '#shared/data/customer-repository';
import { fileStore } from '#shared/data/file-store';
import { createJobStep, getJob, type StoredJob } from '#shared/data/job-repository';
import { keys } from '#shared/data/keys';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newWorkEvent } from '#shared/events/event-catalogue';
import { newId } from '#shared/runtime/ids';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { openCustomerValues } from './customer-secrets.ts';
import { requireSegment } from './segment-members.ts';

/**
 * Exports of customers to CSV or `.xlsx`: masked unless revealed (which needs `customers:reveal`),
 * and audited either way. Up to `SYNC_EXPORT_LIMIT` customers come back as the answer; more are
 * written in the background (`POST /v1/exports`) to the file store and fetched through a link,
 * since a Lambda answer stops at 6 MB.
 */
const LINK_SECONDS = 15 * 60;

export interface ExportResult {
  rows: number;
  bytes: number;
  fileName: string;
  contentType: string;
}

export const requireRevealPermission = (caller: Caller, options: Pick<ExportOptions, 'reveal'>) => {
  if (options.reveal && !can(caller.principal, 'customers:reveal')) {
    throw new DossierError('forbidden', { detail: 'Exporting personal data in the clear needs the customers:reveal permission' });
  }
};

export const filterOf = async (scope: TenantScope, segmentId: string | undefined): Promise<SegmentFilter> => (segmentId ? (await requireSegment(scope, segmentId)).filter : {});

export const viewOf = async (scope: TenantScope, customer: StoredCustomer, reveal: boolean): Promise<CustomerView> =>
  presentCustomer(customer.file, reveal ? await openCustomerValues(scope, customer.file.id, customer.file.sealed) : customer.file.masked);

export const auditDetails = (options: ExportOptions, rows: number) => ({
  format: options.format,
  reveal: options.reveal,
  rows,
  ...(options.segmentId ? { segmentId: options.segmentId } : {}),
});

export type ExportJob = StoredJob<ExportOptions, ExportResult>;

const presentExport = async (scope: TenantScope, job: ExportJob, now: Date): Promise<ExportJobView> => {
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
    ...changeStepsOf(caller, [newWorkEvent(scope.tenantId, { type: 'export.requested', data: { exportId: job.id } }, meta.now)], 'customers.exported', { target: { type: 'export', id: job.id }, details: auditDetails(options, 0) }),
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

