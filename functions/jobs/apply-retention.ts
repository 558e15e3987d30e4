import { scheduledJob } from '#shared/runtime/scheduled-job';
import { applyAuditRetention } from '#shared/services/audit-retention';

export const handler = scheduledJob('apply-retention', applyAuditRetention);
