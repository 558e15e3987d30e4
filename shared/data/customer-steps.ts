import type { Stage, Tier } from '#shared/domain/customer';
import type { ProfileFigures } from '#shared/domain/customer-figures';
import type { CustomerFile } from '#shared/domain/customer-file';
import type { Rfm } from '#shared/domain/customer-view';
import { DossierError } from '#shared/domain/errors';
import type { Money } from '#shared/domain/values';
import { tableName } from './client.ts';
import { guardDelete, guardPut, itemOf, listingEntries, uniqueGuards, type StoredCustomer, type UniqueGuard } from './customer-repository.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import { deleteItem, putIfNew, replaceAtVersion, type TransactionStep } from './transactions.ts';

/**
 * The transaction steps that write a customer profile: create, replace, merge, erase, and the
 * figures and scores that records and the nightly job change. Each is conditional on what was
 * read (absence or version), so a lost race fails instead of overwriting.
 */

const sameGuard = (a: UniqueGuard) => (b: UniqueGuard) => a.kind === b.kind && a.blindIndex === b.blindIndex;

/** Lost a race with another write to the same profile: the caller reads again and retries. */
const lostRace = () => new DossierError('concurrent-update');

export const createCustomerSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  putIfNew(itemOf(scope, stored)),
  ...uniqueGuards(stored.lookups).map((guard) => guardPut(scope, stored.file.id, guard)),
];

/**
 * Replaces the profile if it is still at `before`'s version (412 otherwise), moving guard items
 * for unique values that changed: new ones are claimed, released ones deleted, in one transaction.
 */
export const replaceCustomerSteps = (scope: TenantScope, before: StoredCustomer, after: StoredCustomer): TransactionStep[] => {
  const id = before.file.id;
  const previous = uniqueGuards(before.lookups);
  const next = uniqueGuards(after.lookups);
  return [
    replaceAtVersion(itemOf(scope, after), before.file.version, () => new DossierError('precondition-failed')),
    ...next.filter((guard) => !previous.some(sameGuard(guard))).map((guard) => guardPut(scope, id, guard)),
    ...previous.filter((guard) => !next.some(sameGuard(guard))).map((guard) => guardDelete(scope, id, guard)),
  ];
};

/**
 * The last step of a merge: the survivor's new profile and the merged customer's deletion, both
 * conditional on the versions read; each guard of the merged customer is handed to the survivor
 * when the survivor adopted that value, released otherwise.
 */
export const mergeProfilesSteps = (scope: TenantScope, target: StoredCustomer, merged: StoredCustomer, source: StoredCustomer): TransactionStep[] => {
  const adopted = uniqueGuards(merged.lookups);
  const handOver = (guard: UniqueGuard): TransactionStep => ({
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.uniqueValue(scope, guard.kind, guard.blindIndex),
        UpdateExpression: 'SET customerId = :target',
        ConditionExpression: 'customerId = :source',
        ExpressionAttributeValues: { ':target': merged.file.id, ':source': source.file.id },
      },
    },
  });
  return [
    replaceAtVersion(itemOf(scope, merged), target.file.version, lostRace),
    deleteItem(keys.customer(scope, source.file.id), { version: source.file.version, onStale: lostRace }),
    ...uniqueGuards(source.lookups).map((guard) => (adopted.some(sameGuard(guard)) ? handOver(guard) : guardDelete(scope, source.file.id, guard))),
  ];
};

/** Deletes the profile (if still at its version) and releases every guard it held. */
export const eraseProfileSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  deleteItem(keys.customer(scope, stored.file.id), {
    version: stored.file.version,
    onStale: () => new DossierError('conflict', { detail: 'The customer changed while it was being erased; try again' }),
  }),
  ...uniqueGuards(stored.lookups).map((guard) => guardDelete(scope, stored.file.id, guard)),
];

/** Sets fields of the profile if nobody changed it since it was read, with the next version. */
const updateAtVersion = (scope: TenantScope, before: StoredCustomer, fields: Record<string, unknown>, now: string): TransactionStep => {
  const all = { ...fields, version: before.file.version + 1, updatedAt: now };
  const names = Object.keys(all);
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.customer(scope, before.file.id),
        UpdateExpression: `SET ${names.map((name, at) => `#u${at} = :u${at}`).join(', ')}`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: Object.fromEntries(names.map((name, at) => [`#u${at}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, at) => [`:u${at}`, all[name as keyof typeof all]])), ':expected': before.file.version },
      },
    },
    onConditionFailed: lostRace,
  };
};

/**
 * Writes a record's effect on the profile: new figures, tier and stage, and the listing entries
 * that follow them (last purchase, spend).
 */
export const saveFiguresStep = (scope: TenantScope, before: StoredCustomer, figures: ProfileFigures, now: string): TransactionStep => {
  const after: CustomerFile = { ...before.file, ...figures };
  const { GSI4SK, GSI5SK } = listingEntries(scope, after, before.lookups);
  return updateAtVersion(scope, before, { ...figures, GSI4SK, GSI5SK }, now);
};

/** The nightly judgement: tier and stage as time moves on, RFM and CLV. */
export const saveScoresStep = (
  scope: TenantScope,
  before: StoredCustomer,
  scores: { tier: Tier; stage: Stage; rfm?: Rfm | undefined; clv?: Money | undefined },
  now: string,
): TransactionStep => updateAtVersion(scope, before, Object.fromEntries(Object.entries(scores).filter(([, value]) => value !== undefined)), now);

/** For records that change no figure: the customer must still exist when the record is written. */
export const customerExistsStep = (scope: TenantScope, customerId: string): TransactionStep => ({
  item: { ConditionCheck: { TableName: tableName(), Key: keys.customer(scope, customerId), ConditionExpression: 'attribute_exists(PK)' } },
  onConditionFailed: () => new DossierError('not-found', { detail: 'Customer not found' }),
});
