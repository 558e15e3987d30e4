import type { Actor } from '#shared/domain/access';
import { customerLimits } from '#shared/domain/customer';
import { presentCustomer } from '#shared/domain/customer-file';
import { adoptMissing, mergedTotalsKeepable, mergeLimitErrors } from '#shared/domain/customer-merge';
import { DossierError, notFound } from '#shared/domain/errors';
import { recomputeFigures } from '#shared/domain/records/recompute';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { getCustomer, getProfileState, type CustomerLookups, type StoredCustomer } from '#shared/data/customer-repository';
import { markMergingSteps, mergeProfilesSteps, reopenSteps } from '#shared/data/customer-steps';
import { deleteItemCollection, deleteSteps } from '#shared/data/item-collections';
import { keys } from '#shared/data/keys';
import { collectionContents, moveRecordSteps, uniqueTakenBy } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { openCustomerValues, sealCustomerValues } from './customer-secrets.ts';
import { requireVisibleCustomer } from './customer-visibility.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { tenantOf } from './tenant-context.ts';

/** Records moved per transaction (each move is 2–4 items; DynamoDB allows 100). */
const MOVES_PER_TRANSACTION = 20;

const pick = (map: Record<string, string>, paths: string[]) => Object.fromEntries(paths.filter((p) => map[p] !== undefined).map((p) => [p, map[p]!]));

/** The survivor's look-ups after a merge: its own, plus the source's for the values it adopted. */
const adoptedLookups = (target: CustomerLookups, source: CustomerLookups, adopted: { paths: string[]; externalSystems: string[] }): CustomerLookups => {
  const { paths: adoptedPaths, externalSystems } = adopted;
  return {
    ...target,
    ...(adoptedPaths.includes('phone') && source.phone ? { phone: source.phone } : {}),
    ...(adoptedPaths.includes('email') && source.email ? { email: source.email } : {}),
    ...(adoptedPaths.includes('birthday') && source.birthdayMd ? { birthdayMd: source.birthdayMd } : {}),
    ...(adoptedPaths.some((path) => path.startsWith('contacts.')) ? { contacts: source.contacts } : {}),
    ...(externalSystems.length > 0
      ? { externalIds: Object.fromEntries(externalSystems.map((system) => [system, target.externalIds?.[system] ?? source.externalIds?.[system] ?? ''])) }
      : {}),
  };
};

const refuse = (detail: string) => new DossierError('conflict', { detail });

/**
 * Merges `sourceId` into `targetId`, in an order that survives being stopped at any point:
 *
 * 1. one transaction marks the source as merging into the target, if the target is live and as
 *    read — so of two merges racing in opposite directions exactly one goes on (the other 409).
 *    From here the source reads as not found and takes no writes: nothing can arrive that the
 *    merge would leave behind;
 * 2. the source's records move over in batches (each a transaction; a record is always in exactly
 *    one place);
 * 3. one transaction writes the survivor — its figures recomputed from its whole history, the
 *    fields it lacked taken from the source — deletes the source, hands over the unique values
 *    the survivor adopted, and writes the events and the audit entry.
 *
 * The same merge sent again after a stop carries on; the daily job finishes what nobody sent again.
 */
export const mergeCustomers = async (caller: Caller, request: { targetId: string; sourceId: string }) => {
  const { scope, meta } = caller;
  const { targetId, sourceId } = request;
  if (targetId === sourceId) {
    throw new DossierError('validation-failed', { errors: [{ path: 'sourceCustomerId', message: 'Must be another customer' }] });
  }
  // The target's visibility is checked with the route; the source is the body's.
  await requireVisibleCustomer(caller, sourceId);
  await retryingRaces(async () => {
    const [target, source] = await Promise.all([getProfileState(scope, targetId), getProfileState(scope, sourceId)]);
    if (!target?.stored || !source?.stored) throw notFound('Customer');
    if (target.closing) throw target.closing.reason === 'merge' ? refuse('The survivor is itself being merged into another customer') : notFound('Customer');
    if (source.closing?.reason === 'merge' && source.closing.into !== targetId) throw refuse('This customer is being merged into another customer');
    if (source.closing) return;
    const over = mergeLimitErrors(target.stored.file, source.stored.file);
    if (over.length > 0) {
      throw refuse(`Together the two customers would be over the limit of ${over.map((error) => error.path).join(' and ')} (at most ${over.map((error) => customerLimits[error.path as keyof typeof customerLimits]).join(' and ')}); remove some from either first`);
    }
    if (!mergedTotalsKeepable(target.stored.file, source.stored.file)) {
      throw refuse('Together the two customers’ totals would pass what can be kept (2^53 − 1 minor units or points)');
    }
    await transactWrite(scope, markMergingSteps(scope, source.stored, target.stored, meta.now.toISOString()));
  });
  return finishMerge(caller, { targetId, sourceId });
};

/** Steps 2 and 3 of a merge already marked; each can be done again. */
export const finishMerge = async (caller: Caller<Actor>, request: { targetId: string; sourceId: string }) => {
  const { scope, meta } = caller;
  const { targetId, sourceId } = request;
  const tenant = await tenantOf(scope);
  const [source, target] = await Promise.all([collectionContents(scope, sourceId), collectionContents(scope, targetId)]);
  for (let start = 0; start < source.records.length; start += MOVES_PER_TRANSACTION) {
    const batch = source.records.slice(start, start + MOVES_PER_TRANSACTION);
    await transactWrite(
      scope,
      batch.flatMap((record) =>
        // Both took part in the same campaign: the survivor's participation stands.
        uniqueTakenBy(scope, record, target.guards)
          ? deleteSteps([keys.record(scope, sourceId, recordKinds[record.kind].prefix, record.id)])
          : moveRecordSteps(scope, record, targetId),
      ),
    );
  }

  return retryingRaces(async () => {
    const [before, fromState] = await Promise.all([getCustomer(scope, targetId, true), getProfileState(scope, sourceId)]);
    const from = fromState?.stored;
    if (!before || !from || fromState.closing?.into !== targetId) throw notFound('Customer');
    const { records } = await collectionContents(scope, targetId);
    const figures = recomputeFigures(records, tenant.settings, tenant.currency, meta.now);
    const { plain, adoptedPaths } = adoptMissing(before.file, from.file);
    const values = await openCustomerValues(scope, sourceId, pick(from.file.sealed, adoptedPaths));
    const { sealed, masked } = await sealCustomerValues(scope, targetId, values);
    const merged: StoredCustomer = {
      file: {
        ...before.file,
        ...figures,
        plain,
        sealed: { ...before.file.sealed, ...sealed },
        masked: { ...before.file.masked, ...masked },
        version: before.file.version + 1,
        updatedAt: meta.now.toISOString(),
      },
      lookups: adoptedLookups(before.lookups, from.lookups, { paths: adoptedPaths, externalSystems: Object.keys(plain.externalIds ?? {}) }),
    };
    await transactWrite(scope, [
      ...mergeProfilesSteps(scope, before, merged, from),
      ...changeStepsOf(caller, [
        newEvent(scope.tenantId, { type: 'customer.merged', data: { customerId: targetId, mergedCustomerId: sourceId } }, meta.now),
        newEvent(scope.tenantId, { type: 'customer.erased', data: { customerId: sourceId, mergedInto: targetId } }, meta.now),
      ], 'customer.merged', {
        customerId: targetId,
        target: { type: 'customer', id: targetId },
        details: { mergedCustomerId: sourceId, records: records.length },
      }),
    ]);
    // Whatever is left of the source's collection (guards of records it no longer has).
    await deleteItemCollection(scope, keys.customerCollection(scope, sourceId));
    return presentCustomer(merged.file, merged.file.masked);
  });
};

/**
 * A merge whose survivor is gone (erased meanwhile): the source is put back as it was, its
 * records (those not yet moved) with it. Records already moved went with the survivor.
 */
export const abandonMerge = async (scope: TenantScope, sourceId: string): Promise<void> => {
  const state = await getProfileState(scope, sourceId);
  if (!state?.stored || state.closing?.reason !== 'merge') return;
  await transactWrite(scope, reopenSteps(scope, state.stored, state.version));
};
