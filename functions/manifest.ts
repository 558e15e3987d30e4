import type { RouteAccess } from '#shared/domain/access';
import { busEventTypes, type WorkEventType } from '#shared/domain/events';
import type { RecordKindName } from '#shared/domain/records/record-kinds';

/**
 * The one list of what Dossier runs: HTTP routes, scheduled jobs and event consumers, as plain
 * data. The CDK stack builds API Gateway resources, Lambda functions, EventBridge rules and
 * queues from it; the local runtime mounts, schedules and routes the same entries. A new
 * endpoint is one entry here plus one handler file.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteEntry {
  /** The function's name: unique, kebab-case, the Lambda's logical name. */
  name: string;
  method: HttpMethod;
  /** API Gateway path template, `{param}` for path parameters. */
  path: string;
  /** The handler module, relative to the project root; it exports `handler`. */
  handler: string;
  access: RouteAccess;
  summary: string;
  /** What the OpenAPI document says of the operation beyond its summary and its permission. */
  description?: string;
  /** For the routes of a customer's records: the kind of record the route serves. */
  recordKind?: RecordKindName;
  /**
   * Files of npm packages the function reads at run time, copied beside its bundle under
   * `node_modules/` (the reference page's scripts: too big to bundle, see docs/decisions.md).
   */
  packageFiles?: readonly string[];
  /** Largest accepted body in bytes (1 MiB unless the route says otherwise). */
  maxBodyBytes?: number;
  memoryMb?: number;
  timeoutSeconds?: number;
}

/**
 * Which execution role a job or consumer runs as: `worker` (the table, tenant keys, the service
 * secret), `messaging` (a worker that may also send email through SES and SMS through SNS: the
 * jobs that write to customers), `delivery` (the table and tenant keys only: the functions that
 * call out to tenants' webhook endpoints hold nothing else) or `closing` (the table, and the
 * scheduling of a tenant key's deletion, nothing else: the job that finishes closed tenants).
 */
export type WorkerRole = 'worker' | 'messaging' | 'delivery' | 'closing';

export interface ScheduleEntry {
  name: string;
  role?: WorkerRole;
  /** Five-field cron in UTC (croner locally; turned into EventBridge's six-field form in AWS). */
  cron: string;
  handler: string;
  summary: string;
  timeoutSeconds?: number;
  /**
   * The job's per-tenant unit of work: the scheduled handler finds the tenants it must serve and
   * queues one unit each (SQS with a DLQ in AWS), which this handler runs.
   */
  perTenant?: { handler: string; summary: string; timeoutSeconds?: number };
}

export interface ConsumerEntry {
  name: string;
  role?: WorkerRole;
  /** Event types (`detail-type`) this consumer receives: the catalogue's, or the system's own work. */
  eventTypes: readonly string[];
  handler: string;
  /** Through an SQS queue with a DLQ (retries, back-pressure), or invoked by the rule directly. */
  viaQueue: boolean;
  summary: string;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export type StreamChangeName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** A function fed by the table's stream (DynamoDB Streams), only with the records it asks for. */
export interface StreamEntry {
  name: string;
  handler: string;
  summary: string;
  /** Which changes reach the function. */
  changes: readonly StreamChangeName[];
  /**
   * Attribute values the changed item must have — its new image, or its old one when it was
   * removed — to reach the function (one value, or any of a list); any one of the patterns admits
   * it (Lambda filter criteria: Lambda takes five filters per function, two per pattern here).
   */
  itemMatches: readonly Readonly<Record<string, string | readonly string[]>>[];
  /** Times a failing batch is retried before the stream moves on (the outbox sweeper catches up). */
  retryAttempts: number;
  /**
   * The function takes the batch as one (it reports no partial failure, and a failed batch is not
   * bisected): a retry hands it the same records again. For functions idempotent per batch.
   */
  wholeBatches?: boolean;
  batchSize?: number;
  batchingWindowSeconds?: number;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const MIB = 1024 * 1024;

/** Gateway-wide settings both runtimes apply. */
export const gateway = {
  /** Content types passed to functions as base64 (API Gateway `binaryMediaTypes`). */
  binaryMediaTypes: [
    'application/octet-stream',
    // Imports: a CSV's bytes must reach the function as sent (GBK is not UTF-8), not as text.
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'multipart/form-data',
  ],
  /** API Gateway refuses larger payloads before any function runs. */
  maxPayloadBytes: 10 * MIB,
} as const;

export const routes = [
  { name: 'check-health', method: 'GET', path: '/v1/health', handler: 'functions/platform/check-health.ts', access: 'public', summary: 'Liveness' },
  { name: 'describe-api', method: 'GET', path: '/v1/openapi.json', handler: 'functions/platform/describe-api.ts', access: 'public', summary: 'The OpenAPI 3.1 document' },
  { name: 'show-api-reference', method: 'GET', path: '/docs', handler: 'functions/platform/show-api-reference.ts', access: 'public', summary: 'The browsable API reference (Swagger UI) of the OpenAPI document' },
  {
    name: 'get-api-reference-asset',
    method: 'GET',
    path: '/docs/{asset}',
    handler: 'functions/platform/get-api-reference-asset.ts',
    access: 'public',
    summary: 'A script or style sheet of the API reference',
    packageFiles: ['swagger-ui-dist/package.json', 'swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui.css', 'swagger-ui-dist/LICENSE'],
  },

  { name: 'sign-up', method: 'POST', path: '/v1/tenants', handler: 'functions/tenants/sign-up.ts', access: 'public', summary: 'A business signs up', memoryMb: 1024 },
  { name: 'log-in', method: 'POST', path: '/v1/auth/login', handler: 'functions/auth/log-in.ts', access: 'public', summary: 'Staff sign in', memoryMb: 1024 },
  { name: 'describe-me', method: 'GET', path: '/v1/me', handler: 'functions/auth/describe-me.ts', access: 'authenticated', summary: 'Who the caller is and what they may do' },

  { name: 'get-tenant', method: 'GET', path: '/v1/tenant', handler: 'functions/tenants/get-tenant.ts', access: 'authenticated', summary: 'The tenant with its settings' },
  { name: 'update-tenant-settings', method: 'PATCH', path: '/v1/tenant/settings', handler: 'functions/tenants/update-tenant-settings.ts', access: 'admin', summary: 'Change settings' },
  { name: 'update-tenant', method: 'PATCH', path: '/v1/tenant', handler: 'functions/tenants/update-tenant.ts', access: 'admin', summary: "Change the business's name, time zone or language" },
  {
    name: 'delete-tenant',
    method: 'DELETE',
    path: '/v1/tenant',
    handler: 'functions/tenants/delete-tenant.ts',
    access: 'tenant:delete',
    summary: 'Close the account',
    description: [
      'Final: there is no way back through the API. From this answer on, every session token, API key and sign-in of the tenant is refused (401), including the caller’s, and its slug is free for another business.',
      'The tenant’s encryption key is scheduled for deletion (7 days later it is gone, and with it every encrypted value, backups included), and its staff users and API keys are removed. 204 when all of that is done; 202 when part of it could not be done now (the body says so): the daily job finishes it.',
      'Everything else the tenant kept — customers and their records, campaigns, webhooks and deliveries, notifications, the audit log — is deleted 30 days after the close.',
    ].join('\n\n'),
  },

  { name: 'create-user', method: 'POST', path: '/v1/users', handler: 'functions/users/create-user.ts', access: 'admin', summary: 'Add a staff user', memoryMb: 1024 },
  { name: 'list-users', method: 'GET', path: '/v1/users', handler: 'functions/users/list-users.ts', access: 'admin', summary: 'List staff users' },
  { name: 'update-user', method: 'PATCH', path: '/v1/users/{userId}', handler: 'functions/users/update-user.ts', access: 'admin', summary: 'Change role, name or disabled' },
  { name: 'delete-user', method: 'DELETE', path: '/v1/users/{userId}', handler: 'functions/users/delete-user.ts', access: 'admin', summary: 'Remove a staff user' },

  { name: 'create-api-key', method: 'POST', path: '/v1/api-keys', handler: 'functions/api-keys/create-api-key.ts', access: 'admin', summary: 'Issue an API key' },
  { name: 'list-api-keys', method: 'GET', path: '/v1/api-keys', handler: 'functions/api-keys/list-api-keys.ts', access: 'admin', summary: 'List API keys (no secrets)' },
  { name: 'revoke-api-key', method: 'DELETE', path: '/v1/api-keys/{keyId}', handler: 'functions/api-keys/revoke-api-key.ts', access: 'admin', summary: 'Revoke an API key' },

  { name: 'create-customer', method: 'POST', path: '/v1/customers', handler: 'functions/customers/create-customer.ts', access: 'customers:write', summary: 'Open a customer file' },
  { name: 'list-customers', method: 'GET', path: '/v1/customers', handler: 'functions/customers/list-customers.ts', access: 'customers:read', summary: 'List, filter, sort or look up customers' },
  { name: 'find-duplicate-customers', method: 'GET', path: '/v1/customers/duplicates', handler: 'functions/customers/find-duplicate-customers.ts', access: 'customers:read', summary: 'Candidate duplicate pairs, a page of the name index at a time' },
  { name: 'get-customer', method: 'GET', path: '/v1/customers/{customerId}', handler: 'functions/customers/get-customer.ts', access: 'customers:read', summary: 'One customer, masked unless revealed' },
  { name: 'update-customer', method: 'PATCH', path: '/v1/customers/{customerId}', handler: 'functions/customers/update-customer.ts', access: 'customers:write', summary: 'Change a customer (merge patch, If-Match)' },
  { name: 'reassign-customers', method: 'POST', path: '/v1/customers/reassign', handler: 'functions/customers/reassign-customers.ts', access: 'customers:delete', summary: 'Give customers a new owner in bulk: named ones, or a staff user’s 100 at a time' },
  { name: 'merge-customers', method: 'POST', path: '/v1/customers/{customerId}/merge', handler: 'functions/customers/merge-customers.ts', access: 'customers:delete', summary: 'Merge another customer into this one' },
  { name: 'export-customer', method: 'GET', path: '/v1/customers/{customerId}/export', handler: 'functions/customers/export-customer.ts', access: 'customers:reveal', summary: "All of a customer's data, decrypted (audited)" },
  { name: 'erase-customer', method: 'DELETE', path: '/v1/customers/{customerId}', handler: 'functions/customers/erase-customer.ts', access: 'customers:delete', summary: 'Erase a customer and all their records' },

  { name: 'get-timeline', method: 'GET', path: '/v1/customers/{customerId}/timeline', handler: 'functions/records/get-timeline.ts', access: 'customers:read', summary: 'Every record of a customer, newest first by `occurredAt` (when it happened, not when it was recorded)' },
  { name: 'add-transaction', method: 'POST', path: '/v1/customers/{customerId}/transactions', handler: 'functions/records/add-record.ts', recordKind: 'transactions', access: 'customers:write', summary: 'Record a transaction for a customer' },
  { name: 'list-customer-transactions', method: 'GET', path: '/v1/customers/{customerId}/transactions', handler: 'functions/records/list-records.ts', recordKind: 'transactions', access: 'customers:read', summary: 'A customer\'s transactions, newest first' },
  { name: 'get-transaction', method: 'GET', path: '/v1/customers/{customerId}/transactions/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'transactions', access: 'customers:read', summary: 'One transaction' },
  { name: 'add-refund', method: 'POST', path: '/v1/customers/{customerId}/refunds', handler: 'functions/records/refund-purchase.ts', recordKind: 'refunds', access: 'customers:write', summary: 'Refund all or part of a purchase: the purchase, spend, orders, tier and points follow' },
  { name: 'list-customer-refunds', method: 'GET', path: '/v1/customers/{customerId}/refunds', handler: 'functions/records/list-records.ts', recordKind: 'refunds', access: 'customers:read', summary: 'A customer\'s refunds, newest first' },
  { name: 'get-refund', method: 'GET', path: '/v1/customers/{customerId}/refunds/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'refunds', access: 'customers:read', summary: 'One refund' },
  { name: 'add-interaction', method: 'POST', path: '/v1/customers/{customerId}/interactions', handler: 'functions/records/add-record.ts', recordKind: 'interactions', access: 'customers:write', summary: 'Record an interaction for a customer' },
  { name: 'list-customer-interactions', method: 'GET', path: '/v1/customers/{customerId}/interactions', handler: 'functions/records/list-records.ts', recordKind: 'interactions', access: 'customers:read', summary: 'A customer\'s interactions, newest first' },
  { name: 'get-interaction', method: 'GET', path: '/v1/customers/{customerId}/interactions/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'interactions', access: 'customers:read', summary: 'One interaction' },
  { name: 'add-feedback', method: 'POST', path: '/v1/customers/{customerId}/feedback', handler: 'functions/records/add-record.ts', recordKind: 'feedback', access: 'customers:write', summary: 'Record feedback for a customer' },
  { name: 'list-customer-feedback', method: 'GET', path: '/v1/customers/{customerId}/feedback', handler: 'functions/records/list-records.ts', recordKind: 'feedback', access: 'customers:read', summary: 'A customer\'s feedback, newest first' },
  { name: 'get-feedback', method: 'GET', path: '/v1/customers/{customerId}/feedback/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'feedback', access: 'customers:read', summary: 'One feedback' },
  { name: 'add-followup', method: 'POST', path: '/v1/customers/{customerId}/followups', handler: 'functions/records/add-record.ts', recordKind: 'followups', access: 'customers:write', summary: 'Schedule a follow-up for a customer' },
  { name: 'list-customer-followups', method: 'GET', path: '/v1/customers/{customerId}/followups', handler: 'functions/records/list-records.ts', recordKind: 'followups', access: 'customers:read', summary: 'A customer\'s followups, newest first' },
  { name: 'get-followup', method: 'GET', path: '/v1/customers/{customerId}/followups/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'followups', access: 'customers:read', summary: 'One followup' },
  { name: 'add-payment', method: 'POST', path: '/v1/customers/{customerId}/payments', handler: 'functions/records/add-record.ts', recordKind: 'payments', access: 'customers:write', summary: 'Record a payment for a customer' },
  { name: 'list-customer-payments', method: 'GET', path: '/v1/customers/{customerId}/payments', handler: 'functions/records/list-records.ts', recordKind: 'payments', access: 'customers:read', summary: 'A customer\'s payments, newest first' },
  { name: 'get-payment', method: 'GET', path: '/v1/customers/{customerId}/payments/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'payments', access: 'customers:read', summary: 'One payment' },
  { name: 'add-points-entry', method: 'POST', path: '/v1/customers/{customerId}/points', handler: 'functions/records/add-record.ts', recordKind: 'points', access: 'customers:write', summary: 'Record a points entry for a customer' },
  { name: 'list-customer-points', method: 'GET', path: '/v1/customers/{customerId}/points', handler: 'functions/records/list-records.ts', recordKind: 'points', access: 'customers:read', summary: 'A customer\'s points, newest first' },
  { name: 'get-points-entry', method: 'GET', path: '/v1/customers/{customerId}/points/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'points', access: 'customers:read', summary: 'One points entry' },
  { name: 'add-coupon', method: 'POST', path: '/v1/customers/{customerId}/coupons', handler: 'functions/records/add-record.ts', recordKind: 'coupons', access: 'customers:write', summary: 'Issue a coupon to a customer' },
  { name: 'list-customer-coupons', method: 'GET', path: '/v1/customers/{customerId}/coupons', handler: 'functions/records/list-records.ts', recordKind: 'coupons', access: 'customers:read', summary: 'A customer\'s coupons, newest first' },
  { name: 'get-coupon', method: 'GET', path: '/v1/customers/{customerId}/coupons/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'coupons', access: 'customers:read', summary: 'One coupon' },
  { name: 'add-participation', method: 'POST', path: '/v1/customers/{customerId}/participations', handler: 'functions/records/add-record.ts', recordKind: 'participations', access: 'customers:write', summary: 'Record a participation for a customer' },
  { name: 'list-customer-participations', method: 'GET', path: '/v1/customers/{customerId}/participations', handler: 'functions/records/list-records.ts', recordKind: 'participations', access: 'customers:read', summary: 'A customer\'s participations, newest first' },
  { name: 'get-participation', method: 'GET', path: '/v1/customers/{customerId}/participations/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'participations', access: 'customers:read', summary: 'One participation' },
  { name: 'list-customer-messages', method: 'GET', path: '/v1/customers/{customerId}/messages', handler: 'functions/records/list-records.ts', recordKind: 'messages', access: 'customers:read', summary: 'What Dossier sent to a customer (greetings by SMS or email), newest first' },
  { name: 'get-message', method: 'GET', path: '/v1/customers/{customerId}/messages/{recordId}', handler: 'functions/records/get-record.ts', recordKind: 'messages', access: 'customers:read', summary: 'One message sent to a customer' },
  { name: 'change-feedback', method: 'PATCH', path: '/v1/customers/{customerId}/feedback/{recordId}', handler: 'functions/records/change-record.ts', recordKind: 'feedback', access: 'customers:write', summary: 'Move a complaint along (in_progress, resolved)' },
  { name: 'change-followup', method: 'PATCH', path: '/v1/customers/{customerId}/followups/{recordId}', handler: 'functions/records/change-record.ts', recordKind: 'followups', access: 'customers:write', summary: 'Complete, cancel or move a follow-up' },
  { name: 'change-payment', method: 'PATCH', path: '/v1/customers/{customerId}/payments/{recordId}', handler: 'functions/records/change-record.ts', recordKind: 'payments', access: 'customers:write', summary: 'Mark a payment paid' },
  { name: 'list-feedback', method: 'GET', path: '/v1/feedback', handler: 'functions/records/list-feedback.ts', access: 'customers:read', summary: 'Feedback across customers by status and type' },
  { name: 'list-followups', method: 'GET', path: '/v1/followups', handler: 'functions/records/list-followups.ts', access: 'customers:read', summary: 'Follow-ups across customers by status, assignee and due time' },
  { name: 'redeem-coupon', method: 'POST', path: '/v1/coupons/{code}/redeem', handler: 'functions/records/redeem-coupon.ts', access: 'customers:write', summary: 'Redeem a coupon, once' },
  { name: 'create-campaign', method: 'POST', path: '/v1/campaigns', handler: 'functions/campaigns/create-campaign.ts', access: 'customers:write', summary: 'Open a campaign' },
  { name: 'list-campaigns', method: 'GET', path: '/v1/campaigns', handler: 'functions/campaigns/list-campaigns.ts', access: 'customers:read', summary: 'Campaigns, newest first' },
  { name: 'get-campaign', method: 'GET', path: '/v1/campaigns/{campaignId}', handler: 'functions/campaigns/get-campaign.ts', access: 'customers:read', summary: 'One campaign' },

  { name: 'invite-segment', method: 'POST', path: '/v1/campaigns/{campaignId}/invite', handler: 'functions/campaigns/invite-segment.ts', access: 'customers:write', summary: "Invite a segment's members to a campaign, in the background (each customer once; progress on the campaign)" },

  { name: 'create-segment', method: 'POST', path: '/v1/segments', handler: 'functions/segments/create-segment.ts', access: 'customers:write', summary: 'Save a filter over the customers' },
  { name: 'list-segments', method: 'GET', path: '/v1/segments', handler: 'functions/segments/list-segments.ts', access: 'customers:read', summary: 'Segments, newest first, each with its size and when it was counted' },
  { name: 'get-segment', method: 'GET', path: '/v1/segments/{segmentId}', handler: 'functions/segments/get-segment.ts', access: 'customers:read', summary: 'One segment with its size and when it was counted' },
  { name: 'update-segment', method: 'PATCH', path: '/v1/segments/{segmentId}', handler: 'functions/segments/update-segment.ts', access: 'customers:write', summary: 'Rename a segment or change its filter (If-Match)' },
  { name: 'delete-segment', method: 'DELETE', path: '/v1/segments/{segmentId}', handler: 'functions/segments/delete-segment.ts', access: 'customers:write', summary: 'Remove a segment (its customers stay)' },
  { name: 'count-segment', method: 'POST', path: '/v1/segments/{segmentId}/count', handler: 'functions/segments/count-segment.ts', access: 'customers:read', summary: "Count a segment's members again, in the background" },
  { name: 'list-segment-customers', method: 'GET', path: '/v1/segments/{segmentId}/customers', handler: 'functions/segments/list-segment-customers.ts', access: 'customers:read', summary: "A segment's members, a page at a time" },

  { name: 'get-report-summary', method: 'GET', path: '/v1/reports/summary', handler: 'functions/reports/get-report-summary.ts', access: 'customers:read', summary: 'The archive at a glance: customers by tier, stage, gender, age, place; revenue, new customers; complaints, overdue follow-ups' },
  { name: 'get-report-pivot', method: 'GET', path: '/v1/reports/pivot', handler: 'functions/reports/get-report-pivot.ts', access: 'customers:read', summary: 'Customers, spend or orders by one facet, or by two (a pivot table)' },

  { name: 'start-import', method: 'POST', path: '/v1/imports', handler: 'functions/imports/start-import.ts', access: 'customers:write', summary: 'Import customers from a CSV or .xlsx file (processed in the background)', maxBodyBytes: 10 * MIB, memoryMb: 1024 },
  { name: 'get-import', method: 'GET', path: '/v1/imports/{importId}', handler: 'functions/imports/get-import.ts', access: 'customers:read', summary: "An import's progress and its bad rows" },
  { name: 'get-import-failures', method: 'GET', path: '/v1/imports/{importId}/failures.csv', handler: 'functions/imports/get-import-failures.ts', access: 'customers:write', summary: "An import's bad rows as a CSV with the reasons, to fix and import again" },

  { name: 'export-customers', method: 'GET', path: '/v1/exports/customers', handler: 'functions/exports/export-customers.ts', access: 'customers:read', summary: 'Customers as CSV or .xlsx, masked unless revealed (up to 5,000; audited)', memoryMb: 1024 },
  { name: 'request-export', method: 'POST', path: '/v1/exports', handler: 'functions/exports/request-export.ts', access: 'customers:read', summary: 'Export customers in the background (any number), masked unless revealed (audited)' },
  { name: 'get-export', method: 'GET', path: '/v1/exports/{exportId}', handler: 'functions/exports/get-export.ts', access: 'customers:read', summary: "An export's progress and, once written, a link to download it" },

  { name: 'list-audit', method: 'GET', path: '/v1/audit', handler: 'functions/audit/list-audit.ts', access: 'audit:read', summary: 'Read the audit log' },

  { name: 'list-notifications', method: 'GET', path: '/v1/notifications', handler: 'functions/notifications/list-notifications.ts', access: 'authenticated', summary: "The caller's in-app notifications, unread first" },
  { name: 'read-notification', method: 'POST', path: '/v1/notifications/{notificationId}/read', handler: 'functions/notifications/read-notification.ts', access: 'authenticated', summary: 'Mark a notification read' },
  { name: 'list-event-types', method: 'GET', path: '/v1/event-types', handler: 'functions/events/list-event-types.ts', access: 'authenticated', summary: 'The event catalogue, with a JSON Schema of each event' },
  { name: 'create-webhook', method: 'POST', path: '/v1/webhooks', handler: 'functions/webhooks/create-webhook.ts', access: 'admin', summary: 'Register a webhook endpoint (its secret is shown once)' },
  { name: 'list-webhooks', method: 'GET', path: '/v1/webhooks', handler: 'functions/webhooks/list-webhooks.ts', access: 'admin', summary: 'Webhook endpoints' },
  { name: 'get-webhook', method: 'GET', path: '/v1/webhooks/{webhookId}', handler: 'functions/webhooks/get-webhook.ts', access: 'admin', summary: 'One webhook endpoint' },
  { name: 'update-webhook', method: 'PATCH', path: '/v1/webhooks/{webhookId}', handler: 'functions/webhooks/update-webhook.ts', access: 'admin', summary: 'Change an endpoint: URL, event types, enabled or disabled' },
  { name: 'delete-webhook', method: 'DELETE', path: '/v1/webhooks/{webhookId}', handler: 'functions/webhooks/delete-webhook.ts', access: 'admin', summary: 'Remove an endpoint and its deliveries' },
  { name: 'rotate-webhook-secret', method: 'POST', path: '/v1/webhooks/{webhookId}/rotate-secret', handler: 'functions/webhooks/rotate-webhook-secret.ts', access: 'admin', summary: 'A new signing secret; the old one signs beside it for 24 h' },
  { name: 'test-webhook', method: 'POST', path: '/v1/webhooks/{webhookId}/test', handler: 'functions/webhooks/test-webhook.ts', access: 'admin', summary: 'Send a webhook.test event to this endpoint now' },
  { name: 'list-deliveries', method: 'GET', path: '/v1/webhooks/{webhookId}/deliveries', handler: 'functions/webhooks/list-deliveries.ts', access: 'admin', summary: "An endpoint's deliveries with their attempts, newest first" },
  { name: 'get-delivery', method: 'GET', path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}', handler: 'functions/webhooks/get-delivery.ts', access: 'admin', summary: 'One delivery with its attempts' },
  { name: 'retry-delivery', method: 'POST', path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry', handler: 'functions/webhooks/retry-delivery.ts', access: 'admin', summary: 'Send a delivery again now' },
  { name: 'recover-deliveries', method: 'POST', path: '/v1/webhooks/{webhookId}/recover', handler: 'functions/webhooks/recover-deliveries.ts', access: 'admin', summary: 'Re-queue the failed deliveries since a time (14 days at most)' },
] as const satisfies readonly RouteEntry[];

export type RouteName = (typeof routes)[number]['name'];

export const schedules = [
  {
    name: 'refresh-customer-scores',
    // 18:30 UTC is 02:30 in China Standard Time, the quiet hours of most tenants.
    cron: '30 18 * * *',
    handler: 'functions/jobs/refresh-customer-scores.ts',
    summary: 'Nightly: overdue payments, tiers and stages that move with time, RFM and CLV',
    timeoutSeconds: 300,
    perTenant: { handler: 'functions/jobs/refresh-tenant-scores.ts', summary: "One tenant's nightly refresh, a chunk at a time", timeoutSeconds: 300 },
  },
  {
    name: 'apply-retention',
    cron: '0 19 * * *',
    handler: 'functions/jobs/apply-retention.ts',
    summary: "Daily: remove audit entries older than each tenant's retention.auditDays, and finish erasures and merges left unfinished",
    timeoutSeconds: 120,
    perTenant: { handler: 'functions/jobs/apply-tenant-retention.ts', summary: "One tenant's audit retention and unfinished closings", timeoutSeconds: 900 },
  },
  {
    name: 'close-tenants',
    role: 'closing',
    cron: '30 19 * * *',
    handler: 'functions/jobs/close-tenants.ts',
    summary: "Daily: finish the closes of closing tenants (key deletion scheduled, staff and API keys removed) and purge every item of those closed 30 days ago",
    timeoutSeconds: 120,
    perTenant: { handler: 'functions/jobs/finish-tenant-closing.ts', summary: "One closing tenant's close, then its purge a chunk at a time", timeoutSeconds: 900 },
  },
  {
    name: 'birthday-offers',
    role: 'messaging',
    cron: '0 * * * *',
    handler: 'functions/jobs/birthday-offers.ts',
    summary: "Hourly: the tenants whose local send hour it is get their customers' birthday coupons and greetings",
    timeoutSeconds: 120,
    perTenant: { handler: 'functions/jobs/offer-birthday-gifts.ts', summary: "One tenant's birthday coupons and greetings of the day", timeoutSeconds: 300 },
  },
  {
    name: 'followup-reminders',
    cron: '*/5 * * * *',
    handler: 'functions/jobs/followup-reminders.ts',
    summary: 'Every 5 minutes: follow-ups that came due (followup.due) or are still open long after (followup.overdue)',
    timeoutSeconds: 120,
    perTenant: { handler: 'functions/jobs/remind-tenant-followups.ts', summary: "One tenant's due and overdue follow-ups", timeoutSeconds: 120 },
  },
  {
    name: 'send-messages',
    role: 'messaging',
    cron: '* * * * *',
    handler: 'functions/jobs/send-messages.ts',
    summary: 'Every minute: messages to customers that are due (held SMS, retries)',
    timeoutSeconds: 120,
    perTenant: { handler: 'functions/jobs/send-tenant-messages.ts', summary: "One tenant's due messages", timeoutSeconds: 120 },
  },
  {
    name: 'webhook-retries',
    role: 'delivery',
    cron: '* * * * *',
    handler: 'functions/jobs/webhook-retries.ts',
    summary: 'Every minute: webhook deliveries whose next attempt is due',
    timeoutSeconds: 300,
  },
  {
    name: 'republish-events',
    cron: '*/5 * * * *',
    handler: 'functions/jobs/republish-events.ts',
    summary: 'Every 5 minutes: events still unpublished minutes after their change go on the bus',
    timeoutSeconds: 300,
  },
] as const satisfies readonly ScheduleEntry[];

/** The system's own work (checked against the catalogue at compile time). */
const backgroundWork = ['import.requested', 'import.chunk_ready', 'export.requested', 'invitations.requested', 'segment.count_requested'] as const satisfies readonly WorkEventType[];

export const consumers = [
  {
    name: 'run-background-work',
    eventTypes: backgroundWork,
    handler: 'functions/events/run-background-work.ts',
    viaQueue: true,
    summary: "Work a request hands on: an import's file and chunks of rows, exports, a campaign's invitations, counting a segment",
    memoryMb: 1536,
    timeoutSeconds: 900,
  },
  {
    name: 'deliver-webhooks',
    role: 'delivery',
    eventTypes: busEventTypes,
    handler: 'functions/events/deliver-webhooks.ts',
    viaQueue: true,
    summary: "Each event to the tenant's webhook endpoints that ask for it",
  },
  {
    name: 'apply-care-rules',
    eventTypes: ['stage.changed', 'feedback.resolved'],
    handler: 'functions/events/apply-care-rules.ts',
    viaQueue: true,
    summary: "Follow-ups the tenant's care rules call for: after a first purchase, a resolved complaint, a customer turning at_risk",
  },
  {
    name: 'notify-staff',
    eventTypes: ['followup.due', 'followup.overdue', 'webhook.disabled'],
    handler: 'functions/events/notify-staff.ts',
    viaQueue: true,
    summary: 'In-app notifications for the staff an event concerns',
  },
] as const satisfies readonly ConsumerEntry[];

export const streams = [
  {
    name: 'publish-events',
    handler: 'functions/events/publish-events.ts',
    summary: 'The outbox: each event written with a change goes on the event bus',
    changes: ['INSERT'],
    itemMatches: [{ entity: 'event' }],
    retryAttempts: 10,
  },
  {
    name: 'roll-up-reports',
    handler: 'functions/events/roll-up-reports.ts',
    summary: "Report figures: profile and record changes added to the tenant's sums, a batch at a time",
    changes: ['INSERT', 'MODIFY', 'REMOVE'],
    itemMatches: [{ entity: 'customer' }, { entity: 'record', kind: ['transactions', 'feedback'] }],
    // A batch that keeps failing is retried for the stream's 24 hours rather than skipped (skipping loses figures).
    retryAttempts: 10_000,
    wholeBatches: true,
    batchSize: 1000,
    batchingWindowSeconds: 10,
    timeoutSeconds: 300,
  },
] as const satisfies readonly StreamEntry[];

export const routeNamed = (name: string): RouteEntry => {
  const route = (routes as readonly RouteEntry[]).find((entry) => entry.name === name);
  if (!route) throw new Error(`No route named ${name} in functions/manifest.ts`);
  return route;
};

/** The manifest entry API Gateway invoked a function for (its method and path template). */
export const routeAt = (method: string, path: string): RouteEntry | undefined =>
  (routes as readonly RouteEntry[]).find((entry) => entry.method === method && entry.path === path);

/** `0 * * * *` → `cron(0 * * * ? *)`: EventBridge wants six fields and one `?`. */
export const toEventBridgeSchedule = (cron: string): string => {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) throw new Error(`Not a five-field cron: ${cron}`);
  const dom = dayOfWeek === '*' ? dayOfMonth : '?';
  const dow = dayOfWeek === '*' ? '?' : dayOfWeek;
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
};
