import { scheduledJob } from '#shared/runtime/scheduled-job';
import { runDueDeliveries } from '#shared/services/webhook-deliveries';

export const handler = scheduledJob('webhook-retries', runDueDeliveries);
