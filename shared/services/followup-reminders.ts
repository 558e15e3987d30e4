import { escalateFollowup, remindFollowup } from '#shared/domain/records/followups';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { TenantWork } from '#shared/runtime/work-queue';
import { systemCaller } from './caller.ts';
import { dispatchDueRecords, handleDueRecords } from './due-record-work.ts';
import { reviseRecord } from './record-changes.ts';
import { tenantOf } from './tenant-context.ts';

/**
 * `followup-reminders` (every 5 minutes): follow-ups due by the job's instant emit `followup.due`
 * once; those still open `escalateAfterHours` after they were due emit `followup.overdue` once.
 * The events' consumers tell the assignee, the customer's owner or the managers (notify-staff).
 */
export const dispatchFollowupReminders = (job: RequestMeta) => dispatchDueRecords({ name: 'followup-reminders', queue: 'followup' }, job);

export const remindTenantFollowups = (work: TenantWork, meta: RequestMeta) =>
  handleDueRecords(
    work,
    async (scope, ref, at) => {
      const { settings } = await tenantOf(scope);
      return reviseRecord(systemCaller(scope, at), { kind: 'followups', ...ref }, (record, now) =>
        remindFollowup(record, now, settings.followupRules.escalateAfterHours) ?? escalateFollowup(record, now),
      );
    },
    meta,
  );
