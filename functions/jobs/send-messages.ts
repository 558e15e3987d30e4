import { scheduledJob } from '#shared/runtime/scheduled-job';
import { dispatchMessages } from '#shared/services/customer-messages';

/** Every minute: messages to customers that are due, a unit of work per tenant (send-tenant-messages.ts). */
export const handler = scheduledJob('send-messages', dispatchMessages);
