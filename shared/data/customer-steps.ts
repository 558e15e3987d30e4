import type { Stage, Tier } from '#shared/domain/customer';
import type { ProfileFigures } from '#shared/domain/customer-figures';
import { cardOf, type CustomerCard, type CustomerFile } from '#shared/domain/customer-file';
import type { Rfm } from '#shared/domain/customer-view';
import { DossierError } from '#shared/domain/errors';
import type { Money } from '#shared/domain/values';
import { tableName } from './client.ts';
import { followersOf, guardDelete, guardPut, itemOf, listingEntries, uniqueGuards, type Closing, type StoredCustomer, type UniqueGuard } from './customer-repository.ts';
import { keys } from './keys.ts';
import { tableDefinition } from './table.ts';
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

/**
 * The contact look-up items (keys.contactLookup) that change from `before` to `after`: a field
 * with a new value is put (over the old), one without a value any more is deleted. At most one
 * step per contact field: 20 contacts × 2.
 */
const contactLookupSteps = (scope: TenantScope, customerId: string, before: Record<string, string> = {}, after: Record<string, string> = {}): TransactionStep[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((path): TransactionStep[] => {
    const blindIndex = after[path];
    if (blindIndex === before[path]) return [];
    if (blindIndex === undefined) return [deleteItem(keys.contactLookup(scope, customerId, path))];
    const kind = path.endsWith('.phone') ? 'phone' : 'email';
    const item = { ...keys.contactLookup(scope, customerId, path), entity: 'contact-lookup', customerId, ...keys.contactLookupEntry(scope, customerId, kind, blindIndex) };
    return [{ item: { Put: { TableName: tableName(), Item: item } } }];
  });

export const createCustomerSteps = (scope: TenantScope, stored: StoredCustomer): TransactionStep[] => [
  putIfNew(itemOf(scope, stored)),
  ...uniqueGuards(stored.lookups).map((guard) => guardPut(scope, stored.file.id, guard)),
  ...contactLookupSteps(scope, stored.file.id, {}, stored.lookups.contacts),
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
    ...contactLookupSteps(scope, id, before.lookups.contacts, after.lookups.contacts),
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
    deleteItem(keys.closingEntry(scope, source.file.id)),
    ...uniqueGuards(source.lookups).map((guard) => (adopted.some(sameGuard(guard)) ? handOver(guard) : guardDelete(scope, source.file.id, guard))),
    // The source's own contact items go with the rest of its collection.
    ...contactLookupSteps(scope, merged.file.id, target.lookups.contacts, merged.lookups.contacts),
  ];
};

/** The closing's entry in the tenant's ledger (keys.closingLedger). */
const ledgerPut = (scope: TenantScope, customerId: string, closing: Closing): TransactionStep => ({
  item: { Put: { TableName: tableName(), Item: { ...keys.closingEntry(scope, customerId), entity: 'closing', customerId, ...closing } } },
});

/**
 * The first step of an erasure: the profile becomes a tombstone (its id, the next version and the
 * closing; no personal data, no listing entries), every unique value it held is released, and the
 * erasure enters the ledger. From here the customer reads as not found and takes no writes; the
 * records go next (`closedSteps` last), and a retry or the daily job finishes what was left.
 */
export const markErasingSteps = (scope: TenantScope, stored: StoredCustomer, now: string): TransactionStep[] => {
  const closing: Closing = { reason: 'erase', since: now };
  return [
    replaceAtVersion({ ...keys.customer(scope, stored.file.id), entity: 'customer', id: stored.file.id, version: stored.file.version + 1, closing }, stored.file.version, lostRace),
    ...uniqueGuards(stored.lookups).map((guard) => guardDelete(scope, stored.file.id, guard)),
    ledgerPut(scope, stored.file.id, closing),
  ];
};

/** Without its listings' partition keys a profile is in no listing (their sort keys may stay). */
const listingPartitions = [...new Set(Object.values(tableDefinition.indexes).filter((index) => index.projection.type === 'INCLUDE' && index.projection.attributes.includes('card')).map((index) => index.partitionKey))];

/**
 * The first step of a merge: the source is marked as merging into the target (and leaves the
 * listings) if both are still as read — the target live and at its version — so of two merges
 * racing in opposite directions exactly one marks. The source keeps its data for the last step.
 */
export const markMergingSteps = (scope: TenantScope, source: StoredCustomer, target: StoredCustomer, now: string): TransactionStep[] => {
  const closing: Closing = { reason: 'merge', into: target.file.id, since: now };
  return [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.customer(scope, source.file.id),
          UpdateExpression: `SET closing = :closing, version = :next REMOVE ${listingPartitions.join(', ')}`,
          ConditionExpression: 'version = :expected AND attribute_not_exists(closing)',
          ExpressionAttributeValues: { ':closing': closing, ':next': source.file.version + 1, ':expected': source.file.version },
        },
      },
      onConditionFailed: lostRace,
    },
    {
      item: {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.customer(scope, target.file.id),
          ConditionExpression: 'version = :expected AND attribute_not_exists(closing)',
          ExpressionAttributeValues: { ':expected': target.file.version },
        },
      },
      onConditionFailed: lostRace,
    },
    ledgerPut(scope, source.file.id, closing),
  ];
};

/** A merge whose target went away meanwhile: the source comes back as it was, in the listings again. */
export const reopenSteps = (scope: TenantScope, source: StoredCustomer, closingVersion: number): TransactionStep[] => [
  replaceAtVersion(itemOf(scope, { ...source, file: { ...source.file, version: closingVersion + 1 } }), closingVersion, lostRace),
  deleteItem(keys.closingEntry(scope, source.file.id)),
];

/** The last step of an erasure: the tombstone and the ledger entry go. */
export const closedSteps = (scope: TenantScope, customerId: string): TransactionStep[] => [deleteItem(keys.customer(scope, customerId)), deleteItem(keys.closingEntry(scope, customerId))];

/**
 * Sets fields of the profile if nobody changed it since it was read, with the next version; a
 * field given as `undefined` is removed (a sparse listing key the profile no longer has). Field
 * names are plain attribute names, so they serve as their own placeholders.
 */
const updateAtVersion = (scope: TenantScope, before: { id: string; version: number }, fields: Record<string, unknown>, now: string): TransactionStep => {
  const all: Record<string, unknown> = { ...fields, version: before.version + 1, updatedAt: now };
  const names = Object.keys(all);
  const set = names.filter((name) => all[name] !== undefined);
  const removed = names.filter((name) => all[name] === undefined);
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.customer(scope, before.id),
        UpdateExpression: `SET ${set.map((name) => `#${name} = :${name}`).join(', ')}${removed.length > 0 ? ` REMOVE #${removed.join(', #')}` : ''}`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(set.map((name) => [`:${name}`, all[name]])), ':expected': before.version },
      },
    },
    onConditionFailed: lostRace,
  };
};

/** The card again only if the tier or the stage moved: rewriting an unchanged card would rewrite every listing that copies it. */
const cardIfMoved = (card: CustomerCard, next: { tier: Tier; stage: Stage }): { card?: CustomerCard } =>
  next.tier === card.tier && next.stage === card.stage ? {} : { card: { ...card, tier: next.tier, stage: next.stage } };

/**
 * Writes a record's effect on the profile: new figures, tier and stage, and the listing entries
 * that follow them (last purchase, spend). A purchase moves those two entries anyway; the other
 * listings copy only the card, which changes only with the tier or the stage.
 */
export const saveFiguresStep = (scope: TenantScope, before: StoredCustomer, figures: ProfileFigures, now: string): TransactionStep => {
  const after: CustomerFile = { ...before.file, ...figures };
  const { BYLAST, BYSPEND } = listingEntries(scope, after, before.lookups);
  const followers = followersOf(figures.tallies);
  const followersMoved = JSON.stringify(Object.keys(followers).sort()) !== JSON.stringify(Object.keys(followersOf(before.file.tallies)).sort());
  return updateAtVersion(scope, before.file, { ...figures, ...cardIfMoved(cardOf(before.file), figures), ...(followersMoved ? { followers } : {}), BYLAST, BYSPEND }, now);
};

/** The nightly judgement: tier and stage as time moves on, RFM and CLV — from the customer's figures listing, without its profile. */
export const saveScoresStep = (
  scope: TenantScope,
  before: { id: string; version: number; card: CustomerCard },
  scores: { tier: Tier; stage: Stage; rfm?: Rfm | undefined; clv?: Money | undefined },
  now: string,
): TransactionStep =>
  updateAtVersion(scope, before, { ...Object.fromEntries(Object.entries(scores).filter(([, value]) => value !== undefined)), ...cardIfMoved(before.card, scores) }, now);

/**
 * For records that change no figure: the customer must still exist, and not be closing (erased or
 * merged away), when the record is written — checked in the record's transaction, so no record
 * slips in after a closing has begun.
 */
export const customerExistsStep = (scope: TenantScope, customerId: string): TransactionStep => ({
  item: { ConditionCheck: { TableName: tableName(), Key: keys.customer(scope, customerId), ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(closing)' } },
  onConditionFailed: () => new DossierError('not-found', { detail: 'Customer not found' }),
});
