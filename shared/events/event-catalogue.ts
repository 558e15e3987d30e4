import { newId } from '#shared/runtime/ids';

/** The event types of API.md. `data` carries ids and masked values only, never a plaintext secret. */
export const eventTypes = [
  'customer.created',
  'customer.updated',
  'customer.erased',
  'customer.merged',
  'transaction.recorded',
  'interaction.logged',
  'feedback.received',
  'feedback.resolved',
  'followup.created',
  'followup.due',
  'followup.overdue',
  'followup.completed',
  'birthday_offer.issued',
  'coupon.redeemed',
  'tier.changed',
  'stage.changed',
  'points.changed',
  'webhook.disabled',
  'import.completed',
] as const;
export type EventType = (typeof eventTypes)[number];

export interface DossierEvent {
  id: string;
  type: EventType;
  tenantId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const newEvent = (type: EventType, tenantId: string, data: Record<string, unknown>, now: Date): DossierEvent => ({
  id: newId('event', now.getTime()),
  type,
  tenantId,
  occurredAt: now.toISOString(),
  data,
});
