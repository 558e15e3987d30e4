import type { Principal } from '#shared/domain/access';
import { DossierError } from '#shared/domain/errors';
import type { AnyRecordKind, CustomerRecord, RecordKindName } from '#shared/domain/records/record-kind';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { TenantScope } from '#shared/data/tenant-scope';
import { getUser } from '#shared/data/user-repository';
import { requireCampaign } from './campaigns.ts';
import { addRecord } from './record-writes.ts';

const requireUser = async (scope: TenantScope, field: string, userId: unknown): Promise<void> => {
  if (typeof userId === 'string' && !(await getUser(scope, userId))) {
    throw new DossierError('validation-failed', { errors: [{ path: field, message: 'No such user in this tenant' }] });
  }
};

/** What a record may refer to must exist in the same tenant: a campaign, a staff user. */
const preconditions: Partial<Record<RecordKindName, (scope: TenantScope, input: Record<string, unknown>) => Promise<void>>> = {
  participations: (scope, input) => requireCampaign(scope, String(input.campaignId)),
  followups: (scope, input) => requireUser(scope, 'assigneeUserId', input.assigneeUserId),
  interactions: (scope, input) => requireUser(scope, 'userId', input.userId),
};

export const addCheckedRecord = async (
  scope: TenantScope,
  principal: Principal,
  kind: AnyRecordKind,
  customerId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<CustomerRecord> => {
  await preconditions[kind.name]?.(scope, input as Record<string, unknown>);
  return addRecord(scope, principal, kind, customerId, input, meta);
};
