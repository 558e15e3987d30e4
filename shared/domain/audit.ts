import * as z from 'zod';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

/** What the audit log records. Entries carry ids, never personal values. */
export const auditActions = [
  'auth.login_succeeded',
  'auth.login_failed',
  'tenant.created',
  'tenant.settings_updated',
  'tenant.updated',
  'tenant.deleted',
  'user.created',
  'user.updated',
  'user.deleted',
  'api_key.created',
  'api_key.revoked',
  'customer.created',
  'customer.updated',
  'customer.revealed',
  'customer.looked_up',
  'customer.exported',
  'customers.exported',
  'customer.erased',
  'customer.merged',
  'record.created',
  'record.updated',
  'segment.created',
  'segment.updated',
  'segment.deleted',
  'import.requested',
  'import.failures_downloaded',
  'campaign.invitations_requested',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.deliveries_requeued',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const AuditEntrySchema = z
  .object({
    id: idSchemaFor('audit'),
    at: IsoDateTimeSchema,
    action: z.enum(auditActions),
    actor: z.object({ type: z.enum(['user', 'apiKey', 'anonymous', 'system']), id: z.string().optional() }),
    target: z.object({ type: z.string(), id: z.string() }).optional(),
    customerId: z.string().optional(),
    outcome: z.enum(['success', 'failure']),
    sourceIp: z.string().optional(),
    userAgent: z.string().optional(),
    requestId: z.string().optional(),
    /** Names of what changed (fields, roles), never values that could be personal. */
    details: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .optional()
      .describe('Names of what changed (fields, roles), never values that could be personal'),
  })
  .meta({
    id: 'AuditEntry',
    description: 'One entry of the append-only audit log: who did what, to which customer, when and from where.',
    examples: [
      {
        id: 'aud_01JD3K0000AAAABBBBCCCCDDDD',
        at: '2026-11-20T02:31:00.000Z',
        action: 'customer.revealed',
        actor: { type: 'user', id: 'usr_01JD3K0000AAAABBBBCCCCDDDD' },
        target: { type: 'customer', id: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A' },
        customerId: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A',
        outcome: 'success',
        sourceIp: '203.0.113.9',
        requestId: '6f1c2a9e-0b7d-4e8a-9c3f-2d5e8b1a4c70',
      },
    ],
  });
export type AuditEntry = z.output<typeof AuditEntrySchema>;

export const AuditQuerySchema = z
  .strictObject({
    from: IsoDateTimeSchema.optional(),
    to: IsoDateTimeSchema.optional(),
    action: z.enum(auditActions).optional(),
    customerId: z.string().optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    message: 'Must not be before from',
    // Run even when another parameter is bad, so every bad field is listed in one answer.
    when: ({ value }) => {
      const { from, to } = (value ?? {}) as { from?: unknown; to?: unknown };
      return IsoDateTimeSchema.safeParse(from).success && IsoDateTimeSchema.safeParse(to).success;
    },
  });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
