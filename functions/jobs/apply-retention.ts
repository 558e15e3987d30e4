import { scheduledJob } from '#shared/runtime/scheduled-job';
import { dispatchRetention } from '#shared/services/audit-retention';

/** Daily: one unit of work per active tenant (apply-tenant-retention.ts does the work). */
export const handler = scheduledJob('apply-retention', dispatchRetention);
