import { tenantWorker } from '#shared/runtime/tenant-worker';
import { continueTenantClosing } from '#shared/services/tenant-closing';

/** One closing tenant: what its close left undone, then, after the window, its purge. */
export const handler = tenantWorker('close-tenants', continueTenantClosing);
