import { scheduledJob } from '#shared/runtime/scheduled-job';
import { dispatchScoreRefresh } from '#shared/services/score-refresh';

/** Nightly: one unit of work per active tenant (refresh-tenant-scores.ts does the work). */
export const handler = scheduledJob('refresh-customer-scores', dispatchScoreRefresh);
