import * as z from 'zod';
import { busEventTypes, type EventType } from './events.ts';
import { IsoDateTimeSchema } from './values.ts';

/**
 * Webhook endpoints and their deliveries (API.md, "Events and webhooks"). An endpoint receives
 * the events whose types it names (or every one, `*`); each event it receives is one delivery,
 * tried on a schedule until it succeeds or the schedule is spent.
 */

export const webhookStatuses = ['enabled', 'disabled'] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];
export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

const EventFilterSchema = z
  .array(z.union([z.enum(busEventTypes), z.literal('*')], { error: `Must be an event type (${busEventTypes.join(', ')}) or *` }))
  .min(1, 'Name at least one event type, or *')
  .max(busEventTypes.length + 1)
  .refine((types) => new Set(types).size === types.length, 'Event types must not repeat');

/**
 * The endpoint's URL, checked by `urlProblem` (the SSRF guard, shared/webhooks/ssrf-guard.ts,
 * passed in so the schema stays pure): https only, no private, loopback or metadata address.
 */
const urlSchemaFor = (urlProblem: (url: string) => string | undefined) =>
  z
    .string()
    .trim()
    .min(1, 'Required')
    .max(2048)
    .superRefine((url, ctx) => {
      const problem = urlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const webhookInputSchemaFor = (urlProblem: (url: string) => string | undefined) =>
  z.strictObject({
    url: urlSchemaFor(urlProblem),
    events: EventFilterSchema,
    description: z.string().trim().max(500).optional(),
  });
export type WebhookInput = z.output<ReturnType<typeof webhookInputSchemaFor>>;

export const webhookPatchSchemaFor = (urlProblem: (url: string) => string | undefined) =>
  z
    .strictObject({
      url: urlSchemaFor(urlProblem).optional(),
      events: EventFilterSchema.optional(),
      status: z.enum(webhookStatuses).optional(),
      description: z.string().trim().max(500).nullable().optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, { message: 'Name at least one field to change', when: (payload) => payload.issues.length === 0 });
export type WebhookPatch = z.output<ReturnType<typeof webhookPatchSchemaFor>>;

export const ListDeliveriesQuerySchema = z.strictObject({ status: z.enum(deliveryStatuses).optional() });

/** `recover` re-queues the failed deliveries of the last 14 days at most. */
export const RECOVER_WINDOW_MS = 14 * 24 * 3600 * 1000;
export const RecoverDeliveriesSchema = z.strictObject({ since: IsoDateTimeSchema });

export interface Webhook {
  id: string;
  url: string;
  events: (EventType | '*')[];
  description?: string;
  status: WebhookStatus;
  /** Why the endpoint was disabled by Dossier (gone, or failing for days); absent when a person did it. */
  disabledReason?: string;
  /** When its current run of failures began: the first failed attempt since its last success. */
  failingSince?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Whether an endpoint receives events of `type`. */
export const receives = (webhook: Pick<Webhook, 'events' | 'status'>, type: EventType): boolean =>
  webhook.status === 'enabled' && (webhook.events.includes('*') || webhook.events.includes(type));

/** One try of a delivery: what the receiver answered (the first 1 KB), or why no answer came. */
export interface DeliveryAttempt {
  at: string;
  durationMs: number;
  statusCode?: number;
  responseBody?: string;
  error?: string;
}

export interface Delivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: EventType;
  status: DeliveryStatus;
  /** Tries made; `attemptLog` keeps each one. */
  attempts: number;
  attemptLog: DeliveryAttempt[];
  lastStatusCode?: number;
  nextAttemptAt?: string;
  /** Failed tries since the delivery was last queued (the schedule restarts on a retry or recover). */
  failuresInRound: number;
  createdAt: string;
  updatedAt: string;
}
