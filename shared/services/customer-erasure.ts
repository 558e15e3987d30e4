import { DossierError, notFound } from '#shared/domain/errors';
import { getProfileState } from '#shared/data/customer-repository';
import { closedSteps, markErasingSteps } from '#shared/data/customer-steps';
import { collectionContents, tenantGuardKeysOf } from '#shared/data/record-repository';
import { deleteKeys } from '#shared/data/item-collections';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';

/**
 * Erasure, in an order that survives being stopped at any point:
 *
 * 1. one transaction marks the profile as being erased — it becomes a tombstone with no personal
 *    data and leaves every listing — releases its unique values, enters the tenant's closing
 *    ledger, and writes the `customer.erased` event and the audit entry (ids only). From here the
 *    customer reads as not found, every write to it is refused, and the lists across customers
 *    leave its records out;
 * 2. its records go, tenant-wide guards (coupon codes, order ids) before the records naming them;
 * 3. the tombstone and the ledger entry go.
 *
 * `DELETE` sent again after a stop finishes the work (204); the daily job finishes what nobody
 * sent again.
 */
export const eraseCustomer = async (caller: Caller, request: { customerId: string }): Promise<void> => {
  const { scope, meta } = caller;
  const { customerId } = request;
  await retryingRaces(async () => {
    const state = await getProfileState(scope, customerId);
    if (!state || state.closing?.reason === 'merge') throw notFound('Customer');
    if (state.closing || !state.stored) return;
    await transactWrite(scope, [
      ...markErasingSteps(scope, state.stored, meta.now.toISOString()),
      ...changeStepsOf(caller, [newEvent(scope.tenantId, { type: 'customer.erased', data: { customerId } }, meta.now)], 'customer.erased', { customerId, target: { type: 'customer', id: customerId } }),
    ]);
  });
  await finishErasure(scope, customerId);
};

/** Steps 2 and 3 of an erasure already marked; doing them twice is harmless. */
export const finishErasure = async (scope: TenantScope, customerId: string): Promise<void> => {
  const state = await getProfileState(scope, customerId);
  if (state && state.closing?.reason !== 'erase') throw new DossierError('conflict', { detail: 'This customer is not being erased' });
  const contents = await collectionContents(scope, customerId);
  await deleteKeys(scope, contents.records.flatMap((record) => tenantGuardKeysOf(scope, record)));
  await deleteKeys(scope, contents.itemKeys);
  await transactWrite(scope, closedSteps(scope, customerId));
};
