import type { DossierEvent, EventDraft, WorkEvent, WorkEventDraft } from '#shared/domain/events';
import { newId } from '#shared/runtime/ids';

/** An event of the domain's catalogue (shared/domain/events.ts), with its id and time. */
export const newEvent = (tenantId: string, draft: EventDraft, now: Date): DossierEvent => ({
  id: newId('event', now.getTime()),
  ...draft,
  tenantId,
  occurredAt: now.toISOString(),
});

/** A request for work (an import chunk, an export), stamped like an event: it travels the same outbox. */
export const newWorkEvent = (tenantId: string, draft: WorkEventDraft, now: Date): WorkEvent => ({
  id: newId('event', now.getTime()),
  ...draft,
  tenantId,
  occurredAt: now.toISOString(),
});
