import { scheduledJob } from '#shared/runtime/scheduled-job';
import { refreshCustomerScores } from '#shared/services/score-refresh';

export const handler = scheduledJob('refresh-customer-scores', refreshCustomerScores);
