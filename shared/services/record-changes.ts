import type { Principal } from '#shared/domain/access';
import { DossierError, notFound } from '#shared/domain/errors';
import type { CustomerRecord, RecordKindName } from '#shared/domain/records/record-kind';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { recordChanges, type ChangeableKind, type RecordChange } from '#shared/domain/records/record-updates';
import type { RequestMeta } from '#shared/domain/request-meta';
import { customerExistsStep } from '#shared/data/customer-steps';
import { outboxStep } from '#shared/data/outbox';
import { getRecord, saveRecordStep } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { auditStepOf, type AuditActor } from './audit-trail.ts';
import { figuresChange, withRetries } from './record-writes.ts';
import { tenantOf } from './tenant-context.ts';

/**
 * Applies a change to a record (complaint resolved, follow-up done, payment paid) with the
 * record's new version, its effect on the profile, its event and an audit entry in one
 * transaction. `If-Match` names the record's version; without it the change retries on races.
 */
export const changeRecordWith = async (
  scope: TenantScope,
  principal: AuditActor,
  kindName: RecordKindName,
  customerId: string,
  recordId: string,
  ifMatch: number | undefined,
  meta: RequestMeta,
  apply: (record: CustomerRecord, now: Date) => RecordChange,
): Promise<CustomerRecord> => {
  const kind = recordKinds[kindName];
  const tenant = await tenantOf(scope);
  return withRetries(async () => {
    const before = await getRecord(scope, kind, customerId, recordId, true);
    if (!before) throw notFound(kind.singular[0]!.toUpperCase() + kind.singular.slice(1));
    if (ifMatch !== undefined && ifMatch !== before.version) throw new DossierError('precondition-failed');
    const change = apply(before, meta.now);
    const steps = [saveRecordStep(scope, kind, before, change.record)];
    const events = change.event ? [newEvent(change.event.type, scope.tenantId, { customerId, recordId, ...change.event.data }, meta.now)] : [];
    if (change.figures) {
      const figures = await figuresChange(scope, customerId, tenant, [change.figures], meta.now);
      steps.push(figures.step);
      events.push(...figures.events);
    } else {
      steps.push(customerExistsStep(scope, customerId));
    }
    await transactWrite(scope, [
      ...steps,
      ...outboxStep(scope, events),
      auditStepOf(scope, meta, principal, 'record.updated', { customerId, target: { type: kind.singular, id: recordId } }),
    ]);
    return change.record;
  }, { retryStale: ifMatch === undefined });
};

/** A PATCH of a record whose kind declares its changes (feedback, follow-ups, payments). */
export const changeRecord = (
  scope: TenantScope,
  principal: Principal,
  kindName: ChangeableKind,
  customerId: string,
  recordId: string,
  update: unknown,
  ifMatch: number | undefined,
  meta: RequestMeta,
): Promise<CustomerRecord> => {
  const apply = recordChanges[kindName].apply as (record: CustomerRecord, update: unknown, now: Date) => RecordChange;
  return changeRecordWith(scope, principal, kindName, customerId, recordId, ifMatch, meta, (record, now) => apply(record, update, now));
};
