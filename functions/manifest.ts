import type { RouteAccess } from '#shared/domain/access';

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
  /** Largest accepted body in bytes (1 MiB unless the route says otherwise). */
  maxBodyBytes?: number;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export interface ScheduleEntry {
  name: string;
  /** Five-field cron in UTC (croner locally; turned into EventBridge's six-field form in AWS). */
  cron: string;
  handler: string;
  summary: string;
  timeoutSeconds?: number;
}

export interface ConsumerEntry {
  name: string;
  /** Event types (`detail-type`) this consumer receives. */
  eventTypes: readonly string[];
  handler: string;
  /** Through an SQS queue with a DLQ (retries, back-pressure), or invoked by the rule directly. */
  viaQueue: boolean;
  summary: string;
}

export const MIB = 1024 * 1024;

/** Gateway-wide settings both runtimes apply. */
export const gateway = {
  /** Content types passed to functions as base64 (API Gateway `binaryMediaTypes`). */
  binaryMediaTypes: [
    'application/octet-stream',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'multipart/form-data',
  ],
  /** API Gateway refuses larger payloads before any function runs. */
  maxPayloadBytes: 10 * MIB,
} as const;

export const routes = [
  { name: 'check-health', method: 'GET', path: '/v1/health', handler: 'functions/platform/check-health.ts', access: 'public', summary: 'Liveness' },
  { name: 'describe-api', method: 'GET', path: '/v1/openapi.json', handler: 'functions/platform/describe-api.ts', access: 'public', summary: 'The OpenAPI 3.1 document' },

  { name: 'sign-up', method: 'POST', path: '/v1/tenants', handler: 'functions/tenants/sign-up.ts', access: 'public', summary: 'A business signs up', memoryMb: 1024 },
  { name: 'log-in', method: 'POST', path: '/v1/auth/login', handler: 'functions/auth/log-in.ts', access: 'public', summary: 'Staff sign in', memoryMb: 1024 },
  { name: 'describe-me', method: 'GET', path: '/v1/me', handler: 'functions/auth/describe-me.ts', access: 'authenticated', summary: 'Who the caller is and what they may do' },

  { name: 'get-tenant', method: 'GET', path: '/v1/tenant', handler: 'functions/tenants/get-tenant.ts', access: 'authenticated', summary: 'The tenant with its settings' },
  { name: 'update-tenant-settings', method: 'PATCH', path: '/v1/tenant/settings', handler: 'functions/tenants/update-tenant-settings.ts', access: 'admin', summary: 'Change settings' },
  { name: 'delete-tenant', method: 'DELETE', path: '/v1/tenant', handler: 'functions/tenants/delete-tenant.ts', access: 'tenant:delete', summary: 'Close the account' },

  { name: 'create-user', method: 'POST', path: '/v1/users', handler: 'functions/users/create-user.ts', access: 'admin', summary: 'Add a staff user', memoryMb: 1024 },
  { name: 'list-users', method: 'GET', path: '/v1/users', handler: 'functions/users/list-users.ts', access: 'admin', summary: 'List staff users' },
  { name: 'update-user', method: 'PATCH', path: '/v1/users/{userId}', handler: 'functions/users/update-user.ts', access: 'admin', summary: 'Change role, name or disabled' },
  { name: 'delete-user', method: 'DELETE', path: '/v1/users/{userId}', handler: 'functions/users/delete-user.ts', access: 'admin', summary: 'Remove a staff user' },

  { name: 'create-api-key', method: 'POST', path: '/v1/api-keys', handler: 'functions/api-keys/create-api-key.ts', access: 'admin', summary: 'Issue an API key' },
  { name: 'list-api-keys', method: 'GET', path: '/v1/api-keys', handler: 'functions/api-keys/list-api-keys.ts', access: 'admin', summary: 'List API keys (no secrets)' },
  { name: 'revoke-api-key', method: 'DELETE', path: '/v1/api-keys/{keyId}', handler: 'functions/api-keys/revoke-api-key.ts', access: 'admin', summary: 'Revoke an API key' },

  { name: 'create-customer', method: 'POST', path: '/v1/customers', handler: 'functions/customers/create-customer.ts', access: 'customers:write', summary: 'Open a customer file' },
  { name: 'list-customers', method: 'GET', path: '/v1/customers', handler: 'functions/customers/list-customers.ts', access: 'customers:read', summary: 'List, filter, sort or look up customers' },
  { name: 'get-customer', method: 'GET', path: '/v1/customers/{customerId}', handler: 'functions/customers/get-customer.ts', access: 'customers:read', summary: 'One customer, masked unless revealed' },
  { name: 'update-customer', method: 'PATCH', path: '/v1/customers/{customerId}', handler: 'functions/customers/update-customer.ts', access: 'customers:write', summary: 'Change a customer (merge patch, If-Match)' },
  { name: 'erase-customer', method: 'DELETE', path: '/v1/customers/{customerId}', handler: 'functions/customers/erase-customer.ts', access: 'customers:delete', summary: 'Erase a customer and all their records' },

  { name: 'list-audit', method: 'GET', path: '/v1/audit', handler: 'functions/audit/list-audit.ts', access: 'audit:read', summary: 'Read the audit log' },
] as const satisfies readonly RouteEntry[];

export type RouteName = (typeof routes)[number]['name'];

export const schedules = [] as const satisfies readonly ScheduleEntry[];

export const consumers = [] as const satisfies readonly ConsumerEntry[];

export const routeNamed = (name: string): RouteEntry => {
  const route = (routes as readonly RouteEntry[]).find((entry) => entry.name === name);
  if (!route) throw new Error(`No route named ${name} in functions/manifest.ts`);
  return route;
};

/** `0 * * * *` → `cron(0 * * * ? *)`: EventBridge wants six fields and one `?`. */
export const toEventBridgeSchedule = (cron: string): string => {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) throw new Error(`Not a five-field cron: ${cron}`);
  const dom = dayOfWeek === '*' ? dayOfMonth : '?';
  const dow = dayOfWeek === '*' ? '?' : dayOfWeek;
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
};
