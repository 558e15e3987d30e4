import type { Actor } from '#shared/domain/access';
import { DossierError, notFound } from '#shared/domain/errors';
import type { RecordChange } from '#shared/domain/records/record-kind';
import { recordKinds, type RecordKindName, type RecordOf, type RecordUpdateOf } from '#shared/domain/records/record-kinds';
import { customerExistsStep } from '#shared/data/customer-steps';
import { getRecord, saveRecordStep } from '#shared/data/record-repository';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { figuresChange } from './record-writes.ts';
import { tenantOf } from './tenant-context.ts';

export interface RecordTarget<K extends RecordKindName> {
  kind: K;
  customerId: string;
  recordId: string;
  /** The version the client read (`If-Match`); without it a change is retried on races. */
  ifMatch?: number | undefined;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Moves one record on: the record's new version, its effect on the profile, its event and an
 * audit entry in one transaction. What moves it is `revise`, a transition of the record's kind
 * (a PATCH's update, a coupon's redemption, a payment falling overdue, a follow-up reminded); it
 * sees the record as stored now, so a retry after a lost race judges it again, and it may find
 * nothing to do (undefined), which writes nothing.
 */
export const reviseRecord = async <K extends RecordKindName>(
  caller: Caller<Actor>,
  target: RecordTarget<K>,
  revise: (record: RecordOf<K>, now: Date) => RecordChange<RecordOf<K>> | undefined,
): Promise<RecordOf<K>> => {
  const { scope, meta } = caller;
  const kind = recordKinds[target.kind];
  const tenant = await tenantOf(scope);
  return retryingRaces(
    async () => {
      const before = await getRecord(scope, target.kind, target, true);
      if (!before) throw notFound(capitalized(kind.singular));
      if (target.ifMatch !== undefined && target.ifMatch !== before.version) throw new DossierError('precondition-failed');
      const change = revise(before, meta.now);
      // Nothing to change (already reminded, not due yet): the record stays as it is.
      if (!change) return before;
      const steps = [saveRecordStep(scope, before, change.record)];
      const events = change.event ? [newEvent(scope.tenantId, change.event, meta.now)] : [];
      if (change.figures) {
        const figures = await figuresChange(caller, { customerId: target.customerId, tenant, effects: [change.figures] });
        steps.push(figures.step);
        events.push(...figures.events);
      } else {
        steps.push(customerExistsStep(scope, target.customerId));
      }
      await transactWrite(scope, [
        ...steps,
        ...changeStepsOf(caller, events, 'record.updated', { customerId: target.customerId, target: { type: kind.singular, id: target.recordId } }),
      ]);
      return change.record;
    },
    { retryStale: target.ifMatch === undefined },
  );
};

/** A PATCH of a record whose kind declares its update (feedback, follow-ups, payments). */
export const changeRecord = async <K extends RecordKindName>(caller: Caller, request: RecordTarget<K> & { update: RecordUpdateOf<K> }): Promise<RecordOf<K>> => {
  const update = recordKinds[request.kind].update;
  if (!update) throw new DossierError('method-not-allowed', { detail: `A ${recordKinds[request.kind].singular} can't be changed` });
  return reviseRecord(caller, request, (record, now) => update.apply(record, request.update, now));
};
