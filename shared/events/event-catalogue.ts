import type { DossierEvent, EventDraft } from '#shared/domain/events';
import { newId } from '#shared/runtime/ids';

/** An event of the domain's catalogue (shared/domain/events.ts), with its id and time. */
export const newEvent = (tenantId: string, draft: EventDraft, now: Date): DossierEvent => ({
  id: newId('event', now.getTime()),
  ...draft,
  tenantId,
  occurredAt: now.toISOString(),
});
