import * as z from 'zod';
import { IsoDateTimeSchema } from './values.ts';

/** What the audit log records. Entries carry ids, never personal values. */
export const auditActions = [
  'auth.login_succeeded',
  'auth.login_failed',
  'tenant.created',
  'tenant.settings_updated',
  'tenant.deleted',
  'user.created',
  'user.updated',
  'user.deleted',
  'api_key.created',
  'api_key.revoked',
  'customer.created',
  'customer.updated',
  'customer.revealed',
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

export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  actor: { type: 'user' | 'apiKey' | 'anonymous' | 'system'; id?: string };
  target?: { type: string; id: string };
  customerId?: string;
  outcome: 'success' | 'failure';
  sourceIp?: string;
  userAgent?: string;
  requestId?: string;
  /** Names of what changed (fields, roles), never values that could be personal. */
  details?: Record<string, string | number | boolean | string[]>;
}

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
