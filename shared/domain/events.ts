import * as z from 'zod';
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
  'import.completed': z.object({ importId: idSchemaFor('import'), created: z.number().int(), updated: z.number().int(), failed: z.number().int() }),
} satisfies { [T in EventType]: z.ZodType };

export type EventData<T extends EventType> = z.output<(typeof eventDataSchemas)[T]>;

/** An event before it has an id and a time: a type with the data that type carries. */
export type EventDraft<T extends EventType = EventType> = { [K in T]: { type: K; data: EventData<K> } }[T];

export type DossierEvent<T extends EventType = EventType> = {
  [K in T]: { id: string; type: K; tenantId: string; occurredAt: string; data: EventData<K> };
}[T];
