import { KEY_PATTERN } from '#shared/services/idempotency';

/** The parts of the OpenAPI document that are the same whatever the routes: words, schemes, shared headers. */

export const documentInfo = {
  title: 'Dossier API',
  version: '1.0.0',
  summary: 'A multi-tenant customer-information archive (客户档案).',
  description: [
    'One living file per customer — contacts, purchases, conversations, complaints, credit, points, coupons, campaigns — with personal data encrypted under each tenant’s own key, masked unless a permitted caller asks, and every look audited.',
    '',
    '**Authentication.** Staff send `Authorization: Bearer <session token>` from `POST /v1/auth/login`; integrators send `Authorization: Bearer dsk_…`, an API key with scopes. Each operation says which permission it needs.',
    '',
    '**Lists** take `?limit=` (1–200, default 50) and `?cursor=` and answer `{items, nextCursor}`; `nextCursor` is null on the last page.',
    '',
    '**Errors** are RFC 9457 problems (`application/problem+json`) listing every bad field; every answer carries `x-request-id`. A path or method that is not in this document answers a 404 problem.',
    '',
    '**Writes.** A `POST` may carry an `Idempotency-Key` (its first answer is replayed for 24 h); a `PATCH` may carry `If-Match: "<version>"` (412 when stale). Write bodies are strict: an unknown field is a 400.',
    '',
    'A guide for integrators: docs/integrators.md in the repository.',
  ].join('\n'),
};

const tagDescriptions: Record<string, string> = {
  health: 'Whether the API is up.',
  'openapi.json': 'This document.',
  docs: 'The browsable reference of this document.',
  tenants: 'A business signs up.',
  tenant: 'The tenant: its settings, closing it.',
  auth: 'Staff sign in.',
  me: 'Who the caller is.',
  users: 'Staff users and their roles.',
  'api-keys': 'API keys for integrators, with scopes.',
  customers: 'Customer files and their records (purchases, interactions, feedback, follow-ups, payments, points, coupons, participations).',
  feedback: 'Feedback across customers.',
  followups: 'Follow-ups across customers.',
  coupons: 'Redeeming coupons by code.',
  campaigns: 'Campaigns customers take part in.',
  audit: 'The audit log.',
  segments: 'Saved customer filters, and the customers in them.',
  reports: 'Figures across the tenant’s customers.',
  imports: 'Customers imported from CSV or Excel files.',
  exports: 'Customers exported as CSV or Excel files.',
  webhooks: 'Endpoints that receive signed events, and their deliveries (see docs/webhooks.md).',
};

/** Every tag the operations use, described (a tag of a new area gets a plain description until it has one here). */
export const documentTags = (names: string[]) =>
  names.map((name) => ({ name, description: tagDescriptions[name] ?? `Operations under /v1/${name}.` }));

export const securitySchemes = {
  session: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A staff session token from `POST /v1/auth/login` (or sign-up). It carries the tenant, the user and the role, and expires within an hour.',
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'dsk_…',
    description: 'An API key from `POST /v1/api-keys`, sent as `Authorization: Bearer dsk_…`. It carries scopes; an operation lists the scope it needs.',
  },
};

export const parameterComponents = {
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The `ETag` you read (`"3"`): the change applies only if the resource is still at that version, else 412.',
    schema: { type: 'string', pattern: '^(W/)?"\\d{1,15}"$|^\\*$' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Any unique string (1–255 visible ASCII characters). The first answer is stored for 24 h and replayed for the same key and body; the same key with another body is a 422.',
    schema: { type: 'string', pattern: KEY_PATTERN.source },
  },
};

export const headerComponents = {
  RequestId: { description: 'The request’s id, also in the logs and in a problem’s `instance`.', required: true, schema: { type: 'string' } },
  ETag: { description: 'The resource’s version, to send back as `If-Match`.', required: true, schema: { type: 'string', pattern: '^"\\d+"$' } },
  Location: { description: 'The address of the new resource, when it has one of its own.', schema: { type: 'string' } },
  IdempotentReplayed: { description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
  RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'string', pattern: '^\\d+$' } },
  ContentDisposition: { description: 'A download: `attachment` with the file’s name (RFC 6266, `filename*` in UTF-8).', required: true, schema: { type: 'string', pattern: '^attachment;' } },
};
