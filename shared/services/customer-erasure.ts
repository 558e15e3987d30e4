import { notFound } from '#shared/domain/errors';
import { getCustomer } from '#shared/data/customer-repository';
import { eraseProfileSteps } from '#shared/data/customer-steps';
import { collectionContents, tenantGuardKeysOf } from '#shared/data/record-repository';
import { deleteKeys, deleteSteps } from '#shared/data/item-collections';
import { outboxStep } from '#shared/data/outbox';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';

/** DynamoDB allows 100 items in one transaction; leave room for the profile, guards, event, audit. */
const RECORDS_IN_ONE_TRANSACTION = 80;

/**
 * Erasure: the profile, every record and every look-up entry go; an audit entry and a
 * `customer.erased` event, both holding only ids, stay. The profile, its guards, the event and
 * the audit entry are one transaction (with the records too when they fit); a longer history is
 * removed right after, and is unreachable from the moment the profile is gone.
 */
export const eraseCustomer = async (caller: Caller, request: { customerId: string }): Promise<void> => {
  const { scope, meta } = caller;
  const { customerId } = request;
  await retryingRaces(async () => {
    const stored = await getCustomer(scope, customerId, true);
    if (!stored) throw notFound('Customer');
    const contents = await collectionContents(scope, customerId);
    // Coupon codes and order ids are guarded tenant-wide, outside the collection.
    const records = [...contents.itemKeys, ...contents.records.flatMap((record) => tenantGuardKeysOf(scope, record))];
    const together = records.length <= RECORDS_IN_ONE_TRANSACTION ? records : [];
    await transactWrite(scope, [
      ...eraseProfileSteps(scope, stored),
      ...deleteSteps(together),
      ...outboxStep(scope, [newEvent(scope.tenantId, { type: 'customer.erased', data: { customerId } }, meta.now)]),
      auditStepOf(caller, 'customer.erased', { customerId, target: { type: 'customer', id: customerId } }),
    ]);
    if (together.length === 0 && records.length > 0) await deleteKeys(scope, records);
  });
};
