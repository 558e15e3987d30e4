import { tenantWorker } from '#shared/runtime/tenant-worker';
import { sendTenantMessages } from '#shared/services/customer-messages';

/** One tenant's due messages, through the channel adapters (SES, SNS; local files). */
export const handler = tenantWorker('send-messages', sendTenantMessages);
