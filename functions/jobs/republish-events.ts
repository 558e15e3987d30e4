import { scheduledJob } from '#shared/runtime/scheduled-job';
import { sweepOutbox } from '#shared/services/outbox-publishing';

export const handler = scheduledJob('republish-events', sweepOutbox);
