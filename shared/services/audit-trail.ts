import { actorOf, type Principal } from '#shared/domain/access';
import type { AuditAction, AuditEntry } from '#shared/domain/audit';
import { auditStep } from '#shared/data/audit-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import type { TransactionStep } from '#shared/data/transactions';
import { newId } from '#shared/runtime/ids';
import type { RequestMeta } from '#shared/domain/request-meta';

export type AuditActor = Principal | { kind: 'anonymous' } | { kind: 'system' };

/** One audit entry for an action taken in a request: who, what, on what, when, from where. */
export const auditEntryOf = (
  meta: RequestMeta,
  actor: AuditActor,
  action: AuditAction,
  extras: Partial<Pick<AuditEntry, 'target' | 'customerId' | 'outcome' | 'details'>> = {},
): AuditEntry => ({
  id: newId('audit', meta.now.getTime()),
  at: meta.now.toISOString(),
  action,
  actor: actor.kind === 'anonymous' || actor.kind === 'system' ? { type: actor.kind } : actorOf(actor),
  outcome: 'success',
  ...(meta.sourceIp ? { sourceIp: meta.sourceIp } : {}),
  ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 256) } : {}),
  requestId: meta.requestId,
  ...extras,
});

/** The audit entry as a step of the transaction that makes the change it records. */
export const auditStepOf = (
  scope: TenantScope,
  meta: RequestMeta,
  actor: AuditActor,
  action: AuditAction,
  extras: Parameters<typeof auditEntryOf>[3] = {},
): TransactionStep => auditStep(scope, auditEntryOf(meta, actor, action, extras));
