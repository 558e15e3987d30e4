import { scopeOfTenant } from '#shared/data/tenant-scope';
import { eventConsumer } from '#shared/runtime/event-consumer';
import { runInvitations } from '#shared/services/campaign-invitations';
import { runExport } from '#shared/services/export-files';
import { runImportWork } from '#shared/services/import-processing';
import { countSegment } from '#shared/services/segments';
import { activeTenantOf } from '#shared/services/tenant-context';

/** The work a request hands on, each kind to its action (through a queue with a DLQ in AWS). */
export const handler = eventConsumer('run-background-work', async (event, meta) => {
  // A closing tenant's work stops where it is: nothing more is written for it.
  if (!(await activeTenantOf(scopeOfTenant(event.tenantId)))) return;
  if (event.type === 'import.requested' || event.type === 'import.chunk_ready') await runImportWork(event, meta);
  else if (event.type === 'export.requested') await runExport(event, meta);
  else if (event.type === 'invitations.requested') await runInvitations(event, meta);
  else if (event.type === 'segment.count_requested') await countSegment(event, meta);
});
