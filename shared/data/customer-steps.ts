import type { Stage, Tier } from '#shared/domain/customer';
import type { ProfileFigures } from '#shared/domain/customer-figures';
import type { CustomerFile, Rfm } from '#shared/domain/customer-file';
import { DossierError } from '#shared/domain/errors';
import type { Money } from '#shared/domain/values';
import { tableName } from './client.ts';
import { guardDelete, guardPut, itemOf, listingKeys, uniqueKinds, type StoredCustomer } from './customer-repository.ts';
import { keys } from './keys.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/**
 * The transaction steps that write a customer profile: create, replace, merge, erase, and the
 * figures and scores that records and the nightly job change. Each is conditional on what was
 * read (absence or version), so a lost race fails instead of overwriting.
 */

export const createCustomerSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  {
    item: { Put: { TableName: tableName(), Item: itemOf(scope, stored), ConditionExpression: 'attribute_not_exists(PK)' } },
  },
  ...uniqueKinds(stored.lookups).map((guard) => guardPut(scope, stored.file.id, guard)),
];

/**
 * Replaces the profile if it is still at `before`'s version (412 otherwise), moving guard items
 * for unique values that changed: new ones are claimed, released ones deleted, in one transaction.
 */
export const replaceCustomerSteps = (scope: TenantScope, before: StoredCustomer, after: StoredCustomer): TransactionStep[] => {
  const id = before.file.id;
  const previous = uniqueKinds(before.lookups);
  const next = uniqueKinds(after.lookups);
  const sameGuard = (a: { kind: string; blindIndex: string }) => (b: { kind: string; blindIndex: string }) =>
    a.kind === b.kind && a.blindIndex === b.blindIndex;
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: itemOf(scope, after),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': before.file.version },
        },
      },
      onConditionFailed: () => new DossierError('precondition-failed'),
    },
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
  const adopted = uniqueKinds(merged.lookups);
  const handOver = (guard: ReturnType<typeof uniqueKinds>[number]): TransactionStep => ({
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
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: itemOf(scope, merged),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': target.file.version },
        },
      },
      onConditionFailed: () => new DossierError('concurrent-update'),
    },
    {
      item: {
        Delete: {
          TableName: tableName(),
          Key: keys.customer(scope, source.file.id),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': source.file.version },
        },
      },
      onConditionFailed: () => new DossierError('concurrent-update'),
    },
    ...uniqueKinds(source.lookups).map((guard) =>
      adopted.some((kept) => kept.kind === guard.kind && kept.blindIndex === guard.blindIndex)
        ? handOver(guard)
        : guardDelete(scope, source.file.id, guard),
    ),
  ];
};

/** Deletes the profile (if still at its version) and releases every guard it held. */
export const eraseProfileSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  {
    item: {
      Delete: {
        TableName: tableName(),
        Key: keys.customer(scope, stored.file.id),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': stored.file.version },
      },
    },
    onConditionFailed: () => new DossierError('conflict', { detail: 'The customer changed while it was being erased; try again' }),
  },
  ...uniqueKinds(stored.lookups).map((guard) => guardDelete(scope, stored.file.id, guard)),
];

/**
 * Writes a record's effect on the profile: new figures, tier and stage, the listing keys that
 * follow them, and the next version, if nobody changed the profile since it was read.
 */
export const saveFiguresStep = (scope: TenantScope, before: StoredCustomer, figures: ProfileFigures, now: string): TransactionStep => {
  const after: CustomerFile = { ...before.file, ...figures, version: before.file.version + 1, updatedAt: now };
  const listing = listingKeys(scope, after, before.lookups);
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.customer(scope, before.file.id),
        UpdateExpression:
          'SET stats = :stats, tallies = :tallies, tier = :tier, stage = :stage, version = :next, updatedAt = :now, GSI4SK = :g4, GSI5SK = :g5',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: {
          ':stats': after.stats,
          ':tallies': after.tallies,
          ':tier': after.tier,
          ':stage': after.stage,
          ':next': after.version,
          ':now': now,
          ':g4': listing.GSI4SK,
          ':g5': listing.GSI5SK,
          ':expected': before.file.version,
        },
      },
    },
    // Lost a race with another write to the same profile: the caller recomputes and tries again.
    onConditionFailed: () => new DossierError('concurrent-update'),
  };
};

/** The nightly judgement: tier and stage as time moves on, RFM and CLV (version-conditional). */
export const saveScoresStep = (
  scope: TenantScope,
  before: StoredCustomer,
  scores: { tier: Tier; stage: Stage; rfm?: Rfm | undefined; clv?: Money | undefined },
  now: string,
): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.customer(scope, before.file.id),
      UpdateExpression: `SET tier = :tier, stage = :stage, version = :next, updatedAt = :now${scores.rfm ? ', rfm = :rfm' : ''}${scores.clv ? ', clv = :clv' : ''}`,
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: {
        ':tier': scores.tier,
        ':stage': scores.stage,
        ':next': before.file.version + 1,
        ':now': now,
        ':expected': before.file.version,
        ...(scores.rfm ? { ':rfm': scores.rfm } : {}),
        ...(scores.clv ? { ':clv': scores.clv } : {}),
      },
    },
  },
  onConditionFailed: () => new DossierError('concurrent-update'),
});

/** For records that change no figure: the customer must still exist when the record is written. */
export const customerExistsStep = (scope: TenantScope, customerId: string): TransactionStep => ({
  item: { ConditionCheck: { TableName: tableName(), Key: keys.customer(scope, customerId), ConditionExpression: 'attribute_exists(PK)' } },
  onConditionFailed: () => new DossierError('not-found', { detail: 'Customer not found' }),
});
