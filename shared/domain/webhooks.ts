import * as z from 'zod';
import { busEventTypes, eventTypes } from './events.ts';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

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

const exampleWebhook = {
  id: 'whk_01JD3K0000AAAABBBBCCCCDDDD',
  url: 'https://erp.example.com/hooks/dossier',
  events: ['customer.created', 'transaction.recorded'],
  description: 'ERP 同步',
  status: 'enabled',
  version: 1,
  createdAt: '2026-11-19T08:00:00.000Z',
  updatedAt: '2026-11-19T08:00:00.000Z',
} as const;

/** An endpoint as the API shows it: never its secret. */
export const WebhookSchema = z
  .object({
    id: idSchemaFor('webhook'),
    url: z.string(),
    events: z.array(z.union([z.enum(busEventTypes), z.literal('*')])),
    description: z.string().optional(),
    status: z.enum(webhookStatuses),
    disabledReason: z.string().optional().describe('Why Dossier disabled it (410 Gone, or failing for 5 days); absent when a person did'),
    failingSince: IsoDateTimeSchema.optional().describe('The first failed attempt since its last success'),
    version: z.number().int().min(1),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
  })
  .meta({ id: 'Webhook', description: 'A webhook endpoint of the tenant.', examples: [exampleWebhook] });
export type Webhook = z.output<typeof WebhookSchema>;

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().regex(/^whsec_/).describe('The signing secret (Standard Webhooks). Shown only when the endpoint is created and when the secret is rotated.'),
}).meta({ id: 'WebhookWithSecret', examples: [{ ...exampleWebhook, secret: 'whsec_…' }] });

/** One try of a delivery: what the receiver answered (the first 1 KB), or why no answer came. */
export const DeliveryAttemptSchema = z
  .object({
    at: IsoDateTimeSchema,
    durationMs: z.number(),
    statusCode: z.number().int().optional(),
    responseBody: z.string().optional().describe("The first 1 KB of the receiver's answer"),
    error: z.string().optional().describe('Why no answer came (timeout, refused connection, refused address)'),
  })
  .meta({ id: 'DeliveryAttempt' });
export type DeliveryAttempt = z.output<typeof DeliveryAttemptSchema>;

export const DeliverySchema = z
  .object({
    id: idSchemaFor('delivery'),
    webhookId: idSchemaFor('webhook'),
    eventId: idSchemaFor('event'),
    eventType: z.enum(eventTypes),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().optional(),
    nextAttemptAt: IsoDateTimeSchema.optional().describe('When a pending delivery is tried next'),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
    attemptLog: z.array(DeliveryAttemptSchema),
  })
  .meta({
    id: 'Delivery',
    description: 'One event sent to one endpoint, with every attempt.',
    examples: [
      {
        id: 'dlv_01JD3K7A8B9C0D1E2F3G4H5J6K',
        webhookId: 'whk_01JD3K0000AAAABBBBCCCCDDDD',
        eventId: 'evt_01JD3K7A8B9C0D1E2F3G4H5J6K',
        eventType: 'customer.created',
        status: 'succeeded',
        attempts: 2,
        lastStatusCode: 200,
        createdAt: '2026-11-20T02:30:00.000Z',
        updatedAt: '2026-11-20T02:30:06.000Z',
        attemptLog: [
          { at: '2026-11-20T02:30:00.000Z', durationMs: 812, statusCode: 503, responseBody: 'upstream busy' },
          { at: '2026-11-20T02:30:06.000Z', durationMs: 95, statusCode: 200, responseBody: 'ok' },
        ],
      },
    ],
  });

/** A delivery as stored: its shown fields and the schedule's count of failures since it was last queued. */
export type Delivery = z.output<typeof DeliverySchema> & { failuresInRound: number };

export const RecoveredDeliveriesSchema = z
  .object({ requeued: z.number().int().describe('Failed deliveries queued again; the webhook-retries job sends them') })
  .meta({ id: 'RecoveredDeliveries', examples: [{ requeued: 12 }] });

/** Whether an endpoint receives events of `type`. */
export const receives = (webhook: Pick<Webhook, 'events' | 'status'>, type: string): boolean =>
  webhook.status === 'enabled' && (webhook.events.includes('*') || webhook.events.some((wanted) => wanted === type));
