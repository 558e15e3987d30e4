import { tenantWorker } from '#shared/runtime/tenant-worker';
import { applyTenantRetention } from '#shared/services/audit-retention';

/** One tenant's daily upkeep: audit retention, and closings left unfinished. */
export const handler = tenantWorker('apply-retention', applyTenantRetention);
