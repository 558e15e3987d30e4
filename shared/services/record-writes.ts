import { setTimeout as sleep } from 'node:timers/promises';
import { actorOf, type Principal } from '#shared/domain/access';
import { settle, type Figures, type ProfileFigures } from '#shared/domain/customer-figures';
import { DossierError, isDossierError, notFound } from '#shared/domain/errors';
import type { AnyRecordKind, CustomerRecord } from '#shared/domain/records/record-kind';
import { recordKinds } from '#shared/domain/records/record-kinds';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { Tenant } from '#shared/domain/tenant';
import { getCustomer } from '#shared/data/customer-repository';
import { customerExistsStep, saveFiguresStep } from '#shared/data/customer-steps';
import { outboxStep } from '#shared/data/outbox';
import { findRecordByUnique, putRecordSteps } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite, type TransactionStep } from '#shared/data/transactions';
import { newEvent, type DossierEvent, type EventType } from '#shared/events/event-catalogue';
import { newCode, newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import { tenantOf } from './tenant-context.ts';

/**
 * Contention on one customer (twenty purchases at once) is settled by optimistic concurrency:
 * each attempt reads the profile, applies the records' effects and writes conditionally on the
 * version it read. Many attempts may be needed when many writers race, hence the generous bound.
 */
const MAX_ATTEMPTS = 60;

export const backoff = (attempt: number): Promise<void> => sleep(Math.round(Math.random() * 15 * Math.min(attempt, 8)));

/** Reads the profile, applies `effects`, and returns the write with the events the change causes. */
export const figuresChange = async (
  scope: TenantScope,
  customerId: string,
  tenant: Tenant,
  effects: ((figures: Figures) => Figures)[],
  now: Date,
): Promise<{ step: TransactionStep; events: DossierEvent[]; figures: ProfileFigures }> => {
  const stored = await getCustomer(scope, customerId, true);
  if (!stored) throw notFound('Customer');
  const counted = effects.reduce((figures, effect) => effect(figures), { stats: stored.file.stats, tallies: stored.file.tallies } as Figures);
  if (counted.stats.pointsBalance < 0) {
    throw new DossierError('conflict', {
      detail: `The points balance can't go below zero (it is ${stored.file.stats.pointsBalance})`,
      errors: [{ path: 'delta', message: 'Would take the balance below zero' }],
    });
  }
  const figures = settle(counted, tenant.settings, now);
  const events: DossierEvent[] = [];
  const change = (type: EventType, from: string, to: string) =>
    events.push(newEvent(type, scope.tenantId, { customerId, from, to }, now));
  if (figures.tier !== stored.file.tier) change('tier.changed', stored.file.tier, figures.tier);
  if (figures.stage !== stored.file.stage) change('stage.changed', stored.file.stage, figures.stage);
  return { step: saveFiguresStep(scope, stored, figures, now.toISOString()), events, figures };
};

/**
 * Retries a write that lost an optimistic-concurrency race on the profile, up to the bound; a
 * stale record version is retried too unless the client named the version it expects.
 */
export const withRetries = async <T>(work: () => Promise<T>, options: { retryStale: boolean } = { retryStale: true }): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const lostRace =
        isDossierError(error) && (error.code === 'concurrent-update' || (options.retryStale && error.code === 'precondition-failed'));
      if (!lostRace || attempt >= MAX_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
};

const eventOf = (scope: TenantScope, kind: AnyRecordKind, record: CustomerRecord, now: Date): DossierEvent[] =>
  kind.event
    ? [newEvent(kind.event as EventType, scope.tenantId, { customerId: record.customerId, recordId: record.id, ...kind.eventData?.(record) }, now)]
    : [];

/**
 * Adds a record to a customer's archive. The record, any companion records (a purchase's points),
 * their guards, the profile's new figures, tier and stage, every event and the audit entry are one
 * transaction.
 */
export const addRecord = async (
  scope: TenantScope,
  principal: Principal,
  kind: AnyRecordKind,
  customerId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<CustomerRecord> => {
  const tenant = await tenantOf(scope);
  const at = Date.parse(kind.at(input, meta.now));
  const context = {
    id: newId(kind.idKind, at),
    customerId,
    now: meta.now,
    actorId: actorOf(principal).id,
    settings: tenant.settings,
    currency: tenant.currency,
    token: newCode(),
  };
  const record = kind.build(input, context);
  const written = [{ kind, record }, ...(kind.companions?.(record, context, newId) ?? []).map((c) => ({ kind: recordKinds[c.kind], record: c }))];
  const effects = written.flatMap(({ kind: k, record: r }) => (k.effect ? [(figures: Figures) => k.effect!(figures, r)] : []));

  return withRetries(async () => {
    const steps = written.flatMap(({ kind: k, record: r }) => putRecordSteps(scope, k, r));
    const events = written.flatMap(({ kind: k, record: r }) => eventOf(scope, k, r, meta.now));
    if (effects.length > 0) {
      const change = await figuresChange(scope, customerId, tenant, effects, meta.now);
      steps.push(change.step);
      events.push(...change.events);
    } else {
      steps.push(customerExistsStep(scope, customerId));
    }
    try {
      await transactWrite(scope, [
        ...steps,
        ...outboxStep(scope, events),
        auditStepOf(scope, meta, principal, 'record.created', { customerId, target: { type: kind.singular, id: record.id } }),
      ]);
    } catch (error) {
      throw await withExistingRecord(scope, error, record);
    }
    return record;
  });
};

/** A duplicate order id names the record that already has it. */
const withExistingRecord = async (scope: TenantScope, error: unknown, record: CustomerRecord): Promise<unknown> => {
  if (!isDossierError(error) || error.code !== 'duplicate' || error.extensions?.field !== 'externalId') return error;
  const existing = await findRecordByUnique(scope, 'txn-external', String(record.externalId));
  return new DossierError('duplicate', {
    detail: error.detail,
    ...(error.errors ? { errors: error.errors } : {}),
    extensions: { existingRecordId: existing?.recordId },
    cause: error,
  });
};
