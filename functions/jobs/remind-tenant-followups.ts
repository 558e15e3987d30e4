import { tenantWorker } from '#shared/runtime/tenant-worker';
import { remindTenantFollowups } from '#shared/services/followup-reminders';

/** One tenant's due and overdue follow-ups: followup.due and followup.overdue, once each. */
export const handler = tenantWorker('followup-reminders', remindTenantFollowups);
