/**
 * Every route of API.md (the v1 contract in ../shared/API.md), transcribed: what the stack must
 * serve. Path parameters are written as in API.md; they match any `{name}` of the manifest.
 */
const recordKinds = ['transactions', 'interactions', 'feedback', 'followups', 'payments', 'points', 'participations'];

export const apiMdRoutes: readonly string[] = [
  'GET /v1/health',
  'POST /v1/tenants',
  'POST /v1/auth/login',
  'GET /v1/openapi.json',
  'GET /v1/tenant',
  'PATCH /v1/tenant/settings',
  'POST /v1/users',
  'GET /v1/users',
  'PATCH /v1/users/{userId}',
  'DELETE /v1/users/{userId}',
  'POST /v1/api-keys',
  'GET /v1/api-keys',
  'DELETE /v1/api-keys/{keyId}',
  'POST /v1/customers',
  'GET /v1/customers',
  'GET /v1/customers/{id}',
  'PATCH /v1/customers/{id}',
  'DELETE /v1/customers/{id}',
  'POST /v1/customers/{id}/merge',
  'GET /v1/customers/{id}/timeline',
  'GET /v1/customers/{id}/export',
  'GET /v1/customers/duplicates',
  ...recordKinds.flatMap((kind) => [`POST /v1/customers/{id}/${kind}`, `GET /v1/customers/{id}/${kind}`, `GET /v1/customers/{id}/${kind}/{recordId}`]),
  'GET /v1/customers/{id}/coupons',
  'GET /v1/customers/{id}/coupons/{recordId}',
  'PATCH /v1/customers/{id}/feedback/{recordId}',
  'PATCH /v1/customers/{id}/followups/{recordId}',
  'GET /v1/feedback',
  'GET /v1/followups',
  'POST /v1/coupons/{code}/redeem',
  'POST /v1/campaigns',
  'GET /v1/campaigns',
  'POST /v1/segments',
  'GET /v1/segments',
  'GET /v1/segments/{id}/customers',
  'GET /v1/reports/summary',
  'GET /v1/reports/pivot',
  'POST /v1/imports',
  'GET /v1/imports/{id}',
  'GET /v1/exports/customers',
  'POST /v1/webhooks',
  'GET /v1/webhooks',
  'PATCH /v1/webhooks/{id}',
  'DELETE /v1/webhooks/{id}',
  'POST /v1/webhooks/{id}/rotate-secret',
  'POST /v1/webhooks/{id}/test',
  'GET /v1/webhooks/{id}/deliveries',
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/retry',
];

/** `GET /v1/customers/{id}` and `GET /v1/customers/{customerId}` are the same route. */
export const sameRoute = (a: string, b: string): boolean => a.replace(/\{[^}]+\}/g, '{}') === b.replace(/\{[^}]+\}/g, '{}');
