import { scheduledJob } from '#shared/runtime/scheduled-job';
import { dispatchFollowupReminders } from '#shared/services/followup-reminders';

/** Every 5 minutes: follow-ups due or overdue, a unit of work per tenant (remind-tenant-followups.ts). */
export const handler = scheduledJob('followup-reminders', dispatchFollowupReminders);
