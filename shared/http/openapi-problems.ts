import { errorCatalogue, type ErrorCode } from '#shared/domain/errors';
import type { RouteAccess } from '#shared/domain/access';
import { planLimits } from '#shared/domain/plan-limits';
import { exampleProblem } from './problem.ts';
import { isWrite, takesIdempotencyKey, takesIfMatch } from './route-traits.ts';

/**
 * The problem answers of each operation, decided from what the operation is, never listed by
 * hand: who may call it, whether it takes a body, a query, path ids, `If-Match` or
 * `Idempotency-Key`, whether it writes. A route adds to them only what its nature can't tell
 * (sign-in's 401 for a wrong password).
 */

export interface OperationNature {
  method: string;
  path: string;
  access: RouteAccess;
  hasBody: boolean;
  hasQuery: boolean;
  /** What a 409 of this operation is about: a customer's unique values, a record's, or a race. */
  conflict: 'customer' | 'record' | 'state';
  extra: readonly ErrorCode[];
}

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

export const problemResponsesOf = (nature: OperationNature): Record<string, { $ref: string }> => {
  const { access, hasBody } = nature;
  const extra = new Set<number>(nature.extra.map((code) => errorCatalogue[code].status));
  const authenticated = access !== 'public';
  const rules: [number, boolean, string][] = [
    [400, hasBody || nature.hasQuery || takesIfMatch(nature) || takesIdempotencyKey(nature), 'BadRequest'],
    [401, authenticated, 'Unauthenticated'],
    [403, authenticated && access !== 'authenticated', 'Forbidden'],
    [404, nature.path.includes('{'), 'NotFound'],
    [409, isWrite(nature), nature.conflict === 'customer' ? 'CustomerConflict' : nature.conflict === 'record' ? 'RecordConflict' : 'Conflict'],
    [412, takesIfMatch(nature), 'PreconditionFailed'],
    // Any request can be over the gateway's limits (a body over 1 MiB, whether the route reads one
    // or not; a request line and headers over 16 KB), and is refused before the route runs.
    [413, true, 'PayloadTooLarge'],
    [415, hasBody, 'UnsupportedMediaType'],
    [422, takesIdempotencyKey(nature), 'IdempotencyKeyReused'],
    // API Gateway throttles every route (an authenticated one per tenant, by its plan); a dependency can fail under any of them.
    [429, true, 'RateLimited'],
    [500, true, 'InternalError'],
    [503, true, 'Unavailable'],
  ];
  const statusNames = new Map(rules.map(([status, , name]) => [status, name]));
  // A 413 of an operation that takes no body is about its answer (an export too large to give at once).
  if (!hasBody && nature.extra.includes('too-large-to-answer')) statusNames.set(413, 'TooLargeToAnswer');
  return Object.fromEntries(
    rules
      .filter(([status, applies]) => applies || extra.has(status))
      .map(([status]) => [String(status), ref(statusNames.get(status)!)]),
  );
};

const problem = (description: string, example: object, headers: Record<string, unknown> = {}) => ({
  description,
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' }, ...headers },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example } },
});

/** `free 5 a second with bursts of 10, …`, from the numbers the gateway is built with. */
const planRates = Object.entries(planLimits)
  .map(([plan, limits]) => `${plan} ${limits.ratePerSecond} a second with bursts of ${limits.burst}`)
  .join(', ');

const retryAfter = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };

/** The problem answers every operation refers to (`components.responses`). */
export const problemResponses = {
  BadRequest: problem(
    'Bad input: malformed JSON, a field that breaks the schema, an unknown field in a write body, a bad query parameter, cursor, If-Match or Idempotency-Key. `errors` lists every bad field.',
    exampleProblem('validation-failed', '1 field(s) are not valid', { errors: [{ path: 'phone', message: 'Must be a valid phone number (international, or national for CN)' }] }),
  ),
  Unauthenticated: problem('No valid credentials: send `Authorization: Bearer <token or dsk_ key>`.', exampleProblem('unauthenticated', 'Send a valid token or API key as Authorization: Bearer …')),
  Forbidden: problem('Signed in, but the role or the key’s scopes do not include this operation’s permission.', exampleProblem('forbidden', 'This needs the customers:reveal permission')),
  NotFound: problem('No such resource in your tenant (an id of another tenant reads the same as an unknown one).', exampleProblem('not-found', 'Customer not found')),
  Conflict: problem(
    'The resource’s state forbids the change, or another request changed it meanwhile (`concurrent-update`: send it again), or a request with the same Idempotency-Key is still running (wait `Retry-After`). A replayed Idempotency-Key whose first request completed but whose answer could not be kept is `idempotency-answer-lost`: read the result instead of sending it again.',
    exampleProblem('conflict', 'This coupon was already redeemed'),
    retryAfter,
  ),
  CustomerConflict: problem(
    'The phone, email or an external id belongs to another customer of the tenant (`duplicate`; `existingCustomerId` names it), or the customer changed meanwhile. A replayed Idempotency-Key whose first request completed but whose answer could not be kept is `idempotency-answer-lost`: read the result instead of sending it again.',
    exampleProblem('duplicate', 'A customer with this phone already exists', { existingCustomerId: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A' }),
    retryAfter,
  ),
  RecordConflict: problem(
    'A value that must be unique is taken (`duplicate`: an order’s externalId, `existingRecordId` names the record), or the record’s state forbids the change. A replayed Idempotency-Key whose first request completed but whose answer could not be kept is `idempotency-answer-lost`: read the result instead of sending it again.',
    exampleProblem('duplicate', 'A transaction with this externalId already exists', { existingRecordId: 'txn_01JD3K7A8B9C0D1E2F3G4H5J6K' }),
    retryAfter,
  ),
  PreconditionFailed: problem('`If-Match` names a version that is no longer current: read the resource again.', exampleProblem('precondition-failed')),
  PayloadTooLarge: problem(
    'The request is over the gateway’s limits: a body over 1 MiB (10 MiB for an import’s file), or a request line and headers over 16 KB (a query string that long belongs in a body).',
    exampleProblem('payload-too-large', 'The body must be at most 1048576 bytes'),
  ),
  UnsupportedMediaType: problem('The body is not of a media type the operation takes (`application/json`; for an import, a CSV or a workbook).', exampleProblem('unsupported-media-type', 'Send the body as application/json')),
  TooLargeToAnswer: problem(
    'More customers than one answer may hold: ask for the export in the background (`POST /v1/exports`) and download it from the link its job gives.',
    exampleProblem('too-large-to-answer', 'The export has 5,001 or more customers: POST /v1/exports runs it in the background'),
  ),
  IdempotencyKeyReused: problem('This Idempotency-Key was first used with a different request body.', exampleProblem('idempotency-key-reused')),
  RateLimited: problem(
    `Too many requests: your tenant is over its plan’s rate (every authenticated request of the tenant counts, whatever the credential: ${planRates}), or too many sign-ups or failed sign-ins from your address, or the whole service is busy. Wait \`Retry-After\` seconds.`,
    exampleProblem('rate-limited'),
    retryAfter,
  ),
  InternalError: problem('Something went wrong on our side; the body never says what. Safe to retry.', exampleProblem('internal')),
  Unavailable: problem('A service Dossier depends on is down; nothing was written. Retry after `Retry-After` seconds.', exampleProblem('dependency-unavailable'), retryAfter),
};
