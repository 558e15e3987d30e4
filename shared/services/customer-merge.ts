import { presentCustomer } from '#shared/domain/customer-file';
import { adoptMissing } from '#shared/domain/customer-merge';
import { DossierError, notFound } from '#shared/domain/errors';
import { recomputeFigures } from '#shared/domain/records/recompute';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { getCustomer, type CustomerLookups, type StoredCustomer } from '#shared/data/customer-repository';
import { mergeProfilesSteps } from '#shared/data/customer-steps';
import { deleteItemCollection, deleteSteps } from '#shared/data/item-collections';
import { keys } from '#shared/data/keys';
import { outboxStep } from '#shared/data/outbox';
import { collectionContents, moveRecordSteps, uniqueTakenBy } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { openCustomerValues, sealCustomerValues } from './customer-secrets.ts';
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
    ...(externalSystems.length > 0
      ? { externalIds: Object.fromEntries(externalSystems.map((system) => [system, target.externalIds?.[system] ?? source.externalIds?.[system] ?? ''])) }
      : {}),
  };
};

const readBoth = async (scope: TenantScope, targetId: string, sourceId: string): Promise<[StoredCustomer, StoredCustomer]> => {
  const [target, source] = await Promise.all([getCustomer(scope, targetId, true), getCustomer(scope, sourceId, true)]);
  if (!target || !source) throw notFound('Customer');
  return [target, source];
};

/**
 * Merges `sourceId` into `targetId`. The source's records move over in batches (each a
 * transaction; a record is always in exactly one place, so an interrupted merge can simply be
 * sent again), then one transaction writes the survivor — its figures recomputed from its whole
 * history, the fields it lacked taken from the source — and erases the source, handing over the
 * unique values the survivor adopted.
 */
export const mergeCustomers = async (caller: Caller, request: { targetId: string; sourceId: string }) => {
  const { scope, meta } = caller;
  const { targetId, sourceId } = request;
  if (targetId === sourceId) {
    throw new DossierError('validation-failed', { errors: [{ path: 'sourceCustomerId', message: 'Must be another customer' }] });
  }
  await readBoth(scope, targetId, sourceId);
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
    const [before, from] = await readBoth(scope, targetId, sourceId);
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
      ...outboxStep(scope, [
        newEvent(scope.tenantId, { type: 'customer.merged', data: { customerId: targetId, mergedCustomerId: sourceId } }, meta.now),
        newEvent(scope.tenantId, { type: 'customer.erased', data: { customerId: sourceId, mergedInto: targetId } }, meta.now),
      ]),
      auditStepOf(caller, 'customer.merged', {
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
