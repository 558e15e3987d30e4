import { careFollowupFor } from '#shared/domain/care-rules';
import { isDossierError } from '#shared/domain/errors';
import type { DossierEvent } from '#shared/domain/events';
import type { RequestMeta } from '#shared/domain/request-meta';
import { getCustomer } from '#shared/data/customer-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { getUser } from '#shared/data/user-repository';
import { systemCaller } from './caller.ts';
import { addRecord } from './record-writes.ts';
import { activeTenantOf } from './tenant-context.ts';

/**
 * The `apply-care-rules` consumer: a first purchase, a resolved complaint, a customer turning
 * at_risk each get the follow-up the tenant's rules call for, assigned to the customer's owner.
 * Once per triggering event, however often it is delivered: the follow-up is written for the
 * occasion `care:<event id>`, and a second write of it is refused.
 */
export const applyCareRules = async (event: DossierEvent, meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  const tenant = await activeTenantOf(scope);
  // A closing tenant's events make nothing more.
  const care = tenant && careFollowupFor(event, tenant);
  if (!care) return;
  const customer = await getCustomer(scope, care.customerId);
  // Erased (or merged away) since the event: nobody to follow up.
  if (!customer) return;
  const owner = customer.file.plain.ownerUserId;
  const assignee = owner && (await getUser(scope, owner)) ? { assigneeUserId: owner } : {};
  try {
    await addRecord(systemCaller(scope, meta), { kind: 'followups', customerId: care.customerId, input: { dueAt: care.dueAt, title: care.title, ...assignee }, occasion: `care:${event.id}` });
  } catch (error) {
    if (isDossierError(error) && error.code === 'duplicate' && error.extensions?.field === 'occasion') return;
    throw error;
  }
};
