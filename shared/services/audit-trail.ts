import { actorOf, type Actor } from '#shared/domain/access';
import type { AuditAction, AuditEntry } from '#shared/domain/audit';
import type { OutboxEvent } from '#shared/domain/events';
import { auditStep } from '#shared/data/audit-repository';
import { outboxStep } from '#shared/data/outbox';
import type { TransactionStep } from '#shared/data/transactions';
import { newId } from '#shared/runtime/ids';
import type { Caller } from './caller.ts';

/** Whoever an audit entry names: an actor, or nobody known (a failed sign-in). */
export type AuditActor = Actor | { kind: 'anonymous' };

export type AuditExtras = Partial<Pick<AuditEntry, 'target' | 'customerId' | 'outcome' | 'details'>>;

/** One audit entry for an action taken in a request: who, what, on what, when, from where. */
export const auditEntryOf = (caller: Caller<AuditActor>, action: AuditAction, extras: AuditExtras = {}): AuditEntry => {
  const { meta, principal } = caller;
  return {
    id: newId('audit', meta.now.getTime()),
    at: meta.now.toISOString(),
    action,
    actor: principal.kind === 'anonymous' ? { type: 'anonymous' } : principal.kind === 'system' ? { type: 'system' } : actorOf(principal),
    outcome: 'success',
    ...(meta.sourceIp ? { sourceIp: meta.sourceIp } : {}),
    ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 256) } : {}),
    requestId: meta.requestId,
    ...extras,
  };
};

/** The audit entry as a step of the transaction that makes the change it records. */
export const auditStepOf = (caller: Caller<AuditActor>, action: AuditAction, extras: AuditExtras = {}): TransactionStep =>
  auditStep(caller.scope, auditEntryOf(caller, action, extras));

/**
 * A change's events and its audit entry, as the one outbox item of the transaction that makes the
 * change (outbox.ts): one item where two were, and the entry reaches the log when the events are
 * published — listed from the moment the change commits all the same.
 */
export const changeStepsOf = (caller: Caller<AuditActor>, events: OutboxEvent[], action: AuditAction, extras: AuditExtras = {}): TransactionStep[] =>
  outboxStep(caller.scope, events, auditEntryOf(caller, action, extras));
