import { tenantWorker } from '#shared/runtime/tenant-worker';
import { refreshTenantScores } from '#shared/services/score-refresh';

/** One tenant's nightly refresh, a chunk per message (the job's queue in AWS). */
export const handler = tenantWorker('refresh-customer-scores', refreshTenantScores);
