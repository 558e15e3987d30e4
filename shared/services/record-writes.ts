import { actorOf, type Actor } from '#shared/domain/access';
import { settle, totalsKeepable, type Figures, type ProfileFigures } from '#shared/domain/customer-figures';
import { DossierError, isDossierError, notFound } from '#shared/domain/errors';
import type { DossierEvent } from '#shared/domain/events';
import type { Reference, UniqueKey } from '#shared/domain/records/record-kind';
import { applyEffect, recordKinds, type RecordInput, type RecordKindName, type RecordOf } from '#shared/domain/records/record-kinds';
import type { Tenant } from '#shared/domain/tenant';
import { getCampaign } from '#shared/data/campaign-repository';
import { getCustomer, type StoredCustomer } from '#shared/data/customer-repository';
import { customerExistsStep, saveFiguresStep } from '#shared/data/customer-steps';
import { findRecordByUnique, occasionGuardStep, putRecordSteps } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite, type TransactionStep } from '#shared/data/transactions';
import { getUser } from '#shared/data/user-repository';
import { newEvent } from '#shared/events/event-catalogue';
import { newCode, newId } from '#shared/runtime/ids';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { tenantOf } from './tenant-context.ts';

/** What a record's write does to its customer's profile: the step that saves it, and the events it causes. */
export interface FiguresChange {
  step: TransactionStep;
  events: DossierEvent[];
  figures: ProfileFigures;
}

/**
 * Reads the profile (or takes the one the caller read to decide the change), applies `effects`,
 * and returns the write, conditional on that version, with the tier and stage events the change
 * causes. Points can't go below zero.
 */
export const figuresChange = async (
  caller: Pick<Caller, 'scope' | 'meta'>,
  change: { customerId: string; tenant: Tenant; effects: ((figures: Figures) => Figures)[]; stored?: StoredCustomer },
): Promise<FiguresChange> => {
  const { scope, meta } = caller;
  const stored = change.stored ?? (await getCustomer(scope, change.customerId, true));
  if (!stored) throw notFound('Customer');
  const counted = change.effects.reduce((figures, effect) => effect(figures), { stats: stored.file.stats, tallies: stored.file.tallies });
  if (counted.stats.pointsBalance < 0) {
    throw new DossierError('conflict', {
      detail: `The points balance can't go below zero (it is ${stored.file.stats.pointsBalance})`,
      errors: [{ path: 'delta', message: 'Would take the balance below zero' }],
    });
  }
  if (!totalsKeepable(counted.stats)) {
    throw new DossierError('conflict', { detail: 'This would take the customer’s totals past what can be kept (2^53 − 1 minor units or points)' });
  }
  // A change that moves no figure (a follow-up's tally) doesn't re-judge tier and stage: that is
  // the nightly job's, at its own instant, not this write's wall clock.
  const settled = settle(counted, change.tenant.settings, meta.now);
  const figures = JSON.stringify(counted.stats) === JSON.stringify(stored.file.stats) ? { ...settled, tier: stored.file.tier, stage: stored.file.stage } : settled;
  const events: DossierEvent[] = [];
  const { customerId } = change;
  if (figures.tier !== stored.file.tier) {
    events.push(newEvent(scope.tenantId, { type: 'tier.changed', data: { customerId, from: stored.file.tier, to: figures.tier } }, meta.now));
  }
  if (figures.stage !== stored.file.stage) {
    events.push(newEvent(scope.tenantId, { type: 'stage.changed', data: { customerId, from: stored.file.stage, to: figures.stage } }, meta.now));
  }
  return { step: saveFiguresStep(scope, stored, figures, meta.now.toISOString()), events, figures };
};

/** What a record refers to (a staff user, a campaign) must exist in the same tenant. */
const requireReferences = async (scope: TenantScope, references: Reference[]): Promise<void> => {
  for (const reference of references) {
    const found = reference.to === 'user' ? await getUser(scope, reference.id) : await getCampaign(scope, reference.id);
    if (!found) {
      throw new DossierError('validation-failed', { errors: [{ path: reference.field, message: `No such ${reference.to} in this tenant` }] });
    }
  }
};

/** A value unique in the tenant (an order id) that is already taken names the record that has it. */
const withExistingRecord = async (scope: TenantScope, error: unknown, uniques: UniqueKey[]): Promise<unknown> => {
  const unique = uniques.find((candidate) => candidate.scope === 'tenant' && isDossierError(error) && error.code === 'duplicate' && error.extensions?.field === candidate.field);
  if (!unique || !isDossierError(error)) return error;
  const existing = await findRecordByUnique(scope, unique);
  return new DossierError('duplicate', {
    detail: error.detail,
    ...(error.errors ? { errors: error.errors } : {}),
    extensions: { existingRecordId: existing?.recordId },
    cause: error,
  });
};

export interface NewRecord<K extends RecordKindName> {
  kind: K;
  customerId: string;
  input: RecordInput<K>;
  /**
   * What the record is written for, once per customer (a care rule and its event): a second
   * write for the same occasion is refused (409 duplicate on `occasion`).
   */
  occasion?: string;
}

/**
 * Adds a record to a customer's archive. The record (carrying its companions: a purchase's points
 * entry), its guards, the profile's new figures, tier and stage, every event and the audit entry are one
 * transaction, retried from the read when another write to the profile wins the race.
 */
export const addRecord = async <K extends RecordKindName>(caller: Caller<Actor>, request: NewRecord<K>): Promise<RecordOf<K>> => {
  const { scope, principal, meta } = caller;
  const kind = recordKinds[request.kind];
  const [tenant] = await Promise.all([tenantOf(scope), requireReferences(scope, kind.references?.(request.input) ?? [])]);
  const context = { customerId: request.customerId, now: meta.now, actorId: actorOf(principal).id, settings: tenant.settings };
  const built = kind.build(request.input, { ...context, id: newId(kind.idKind, Date.parse(kind.occurredAt(request.input, meta.now))), token: newCode() });
  const record: RecordOf<K> = request.occasion ? Object.assign(built, { occasion: request.occasion }) : built;
  const companions = kind.companions?.(record) ?? [];

  return retryingRaces(async () => {
    const effects = [(figures: Figures) => applyEffect(figures, record), ...companions.map((companion) => (figures: Figures) => applyEffect(figures, companion))];
    const events = [kind.event?.(record), ...companions.map((companion) => recordKinds.points.event?.(companion))].flatMap((draft) =>
      draft ? [newEvent(scope.tenantId, draft, meta.now)] : [],
    );
    const steps = [
      ...putRecordSteps(scope, record),
      ...(request.occasion ? [occasionGuardStep(scope, request.customerId, request.occasion)] : []),
    ];
    if (kind.effect || companions.length > 0) {
      const change = await figuresChange(caller, { customerId: request.customerId, tenant, effects });
      steps.push(change.step);
      events.push(...change.events);
    } else {
      steps.push(customerExistsStep(scope, request.customerId));
    }
    try {
      await transactWrite(scope, [
        ...steps,
        ...changeStepsOf(caller, events, 'record.created', { customerId: request.customerId, target: { type: kind.singular, id: record.id } }),
      ]);
    } catch (error) {
      throw await withExistingRecord(scope, error, kind.uniqueKeys?.(record) ?? []);
    }
    return record;
  });
};
