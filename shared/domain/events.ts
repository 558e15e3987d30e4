import * as z from 'zod';
import { PrincipalSchema } from './access.ts';
import { stages, tiers } from './customer.ts';
import { IsoDateTimeSchema, MoneySchema, idSchemaFor } from './values.ts';

/**
 * The events of API.md and what each carries in `data`, as zod schemas: the one declaration that
 * types the code emitting an event and describes it to integrators. `data` holds ids, kinds,
 * amounts, statuses and masked values only, never a plaintext personal value.
 */
const CustomerRef = z.object({ customerId: idSchemaFor('customer') });
const RecordRef = CustomerRef.extend({ recordId: z.string() });
const Change = <T extends readonly [string, ...string[]]>(values: T) =>
  CustomerRef.extend({ from: z.enum(values), to: z.enum(values) });

export const eventTypes = [
  'customer.created',
  'customer.updated',
  'customer.erased',
  'customer.merged',
  'transaction.recorded',
  'transaction.refunded',
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
  'webhook.test',
] as const;
export type EventType = (typeof eventTypes)[number];

/** What each event means, for the catalogue integrators read (`GET /v1/event-types`). */
export const eventDescriptions: { [T in EventType]: string } = {
  'customer.created': 'A customer file was opened.',
  'customer.updated': 'Fields of a customer changed (their names are listed, never their values).',
  'customer.erased': 'A customer was erased (or merged into another, named by mergedInto).',
  'customer.merged': 'Another customer was merged into this one.',
  'transaction.recorded': 'A purchase was recorded (completed, or refunded already).',
  'transaction.refunded': 'All or part of a purchase was refunded; transactionStatus says which it is now.',
  'interaction.logged': 'A conversation with the customer was logged.',
  'feedback.received': 'Feedback, a complaint or a survey answer was received.',
  'feedback.resolved': 'A complaint or other feedback was resolved.',
  'followup.created': 'A follow-up (回访) was scheduled.',
  'followup.due': 'A follow-up became due.',
  'followup.overdue': 'A follow-up is still open long after it was due.',
  'followup.completed': 'A follow-up was done.',
  'birthday_offer.issued': 'A birthday coupon was issued to a customer.',
  'coupon.redeemed': 'A coupon was redeemed.',
  'tier.changed': "A customer's tier (vip, regular, potential) changed.",
  'stage.changed': "A customer's lifecycle stage changed.",
  'points.changed': "A customer's points balance changed.",
  'webhook.disabled': 'A webhook endpoint was disabled by Dossier (gone, or failing for 5 days).',
  'import.completed': 'An import finished.',
  'webhook.test': 'A test event, sent to one endpoint on request.',
};

/** What the bus carries; `webhook.test` is sent to one endpoint on request and never published. */
export type BusEventType = Exclude<EventType, 'webhook.test'>;
export const busEventTypes = eventTypes.filter((type): type is BusEventType => type !== 'webhook.test');

export const eventDataSchemas = {
  'customer.created': CustomerRef.extend({ tier: z.enum(tiers), stage: z.enum(stages) }),
  'customer.updated': CustomerRef.extend({ fields: z.array(z.string()) }),
  'customer.erased': CustomerRef.extend({ mergedInto: idSchemaFor('customer').optional() }),
  'customer.merged': CustomerRef.extend({ mergedCustomerId: idSchemaFor('customer') }),
  'transaction.recorded': RecordRef.extend({
    amount: MoneySchema,
    status: z.enum(['completed', 'refunded']),
    channel: z.string(),
    occurredAt: IsoDateTimeSchema,
  }),
  'transaction.refunded': RecordRef.extend({
    transactionId: idSchemaFor('transaction'),
    amount: MoneySchema,
    transactionStatus: z.enum(['partially_refunded', 'refunded']),
    pointsReversed: z.number().int(),
    pointsShortfall: z.number().int(),
    occurredAt: IsoDateTimeSchema,
  }),
  'interaction.logged': RecordRef.extend({ channel: z.string(), direction: z.enum(['inbound', 'outbound']), occurredAt: IsoDateTimeSchema }),
  'feedback.received': RecordRef.extend({
    type: z.string(),
    rating: z.number().int().optional(),
    nps: z.number().int().optional(),
    status: z.string(),
  }),
  'feedback.resolved': RecordRef.extend({ type: z.string() }),
  'followup.created': RecordRef.extend({ dueAt: IsoDateTimeSchema, assigneeUserId: idSchemaFor('user').optional(), status: z.string() }),
  'followup.due': RecordRef.extend({ dueAt: IsoDateTimeSchema, assigneeUserId: idSchemaFor('user').optional() }),
  'followup.overdue': RecordRef.extend({ dueAt: IsoDateTimeSchema, assigneeUserId: idSchemaFor('user').optional() }),
  'followup.completed': RecordRef.extend({ assigneeUserId: idSchemaFor('user').optional() }),
  'birthday_offer.issued': RecordRef.extend({ couponKind: z.string(), value: z.number(), expiresAt: IsoDateTimeSchema }),
  'coupon.redeemed': RecordRef.extend({ couponKind: z.string(), value: z.number() }),
  'tier.changed': Change(tiers),
  'stage.changed': Change(stages),
  'points.changed': RecordRef.extend({ delta: z.number().int() }),
  'webhook.disabled': z.object({ webhookId: idSchemaFor('webhook'), reason: z.string() }),
  'import.completed': z.object({
    importId: idSchemaFor('import'),
    status: z.enum(['completed', 'failed']),
    total: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    duplicates: z.number().int(),
    failed: z.number().int(),
  }),
  'webhook.test': z.object({ webhookId: idSchemaFor('webhook'), message: z.string() }),
} satisfies { [T in EventType]: z.ZodType };

export type EventData<T extends EventType> = z.output<(typeof eventDataSchemas)[T]>;

/** An event before it has an id and a time: a type with the data that type carries. */
export type EventDraft<T extends EventType = EventType> = { [K in T]: { type: K; data: EventData<K> } }[T];

export type DossierEvent<T extends EventType = EventType> = {
  [K in T]: { id: string; type: K; tenantId: string; occurredAt: string; data: EventData<K> };
}[T];

/**
 * Work the system hands itself through the outbox and the bus: an import's next chunk, an export
 * to write, invitations to send, a segment to count. They are published like any event (so the
 * change that asks for the work and the request for it commit together), reach only the manifest
 * consumers that name them, and are never offered to webhooks or listed in the catalogue.
 */
export const workEventTypes = ['import.requested', 'import.chunk_ready', 'export.requested', 'invitations.requested', 'segment.count_requested'] as const;
export type WorkEventType = (typeof workEventTypes)[number];

export const workEventDataSchemas = {
  'import.requested': z.object({ importId: idSchemaFor('import') }),
  'import.chunk_ready': z.object({ importId: idSchemaFor('import'), chunk: z.number().int().min(0) }),
  'export.requested': z.object({ exportId: idSchemaFor('export') }),
  /** Who asked: the invitations are their records (audit), made at the consumer's instant. */
  'invitations.requested': z.object({ campaignId: idSchemaFor('campaign'), segmentId: idSchemaFor('segment'), requestedBy: PrincipalSchema }),
  'segment.count_requested': z.object({ segmentId: idSchemaFor('segment'), version: z.number().int() }),
} satisfies { [T in WorkEventType]: z.ZodType };

export type WorkEventData<T extends WorkEventType> = z.output<(typeof workEventDataSchemas)[T]>;
export type WorkEventDraft<T extends WorkEventType = WorkEventType> = { [K in T]: { type: K; data: WorkEventData<K> } }[T];
export type WorkEvent<T extends WorkEventType = WorkEventType> = {
  [K in T]: { id: string; type: K; tenantId: string; occurredAt: string; data: WorkEventData<K> };
}[T];

/** Anything the outbox carries and the bus publishes: the catalogue's events and the system's work. */
export type OutboxEvent = DossierEvent | WorkEvent;
export type OutboxEventDraft = EventDraft | WorkEventDraft;

export const isWorkEvent = (event: OutboxEvent): event is WorkEvent => (workEventTypes as readonly string[]).includes(event.type);
