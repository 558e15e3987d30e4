import { scheduledJob } from '#shared/runtime/scheduled-job';
import { dispatchTenantClosings } from '#shared/services/tenant-closing';

/** Daily: one unit of work per closing tenant (finish-tenant-closing.ts does the work). */
export const handler = scheduledJob('close-tenants', dispatchTenantClosings);
