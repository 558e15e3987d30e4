/**
 * The one error type of Dossier and its catalogue. Every layer throws `DossierError` with a code
 * from `errorCatalogue`; only the HTTP error middleware turns it into RFC 9457 problem+json, and
 * queue or schedule consumers read `retryable` from the same row.
 */

export interface FieldError {
  path: string;
  message: string;
}

interface CatalogueEntry {
  status: number;
  title: string;
  retryable: boolean;
}

export const errorCatalogue = {
  'validation-failed': { status: 400, title: 'Your request is not valid', retryable: false },
  'malformed-json': { status: 400, title: 'The body is not valid JSON', retryable: false },
  'invalid-cursor': { status: 400, title: 'The cursor is not valid', retryable: false },
  unauthenticated: { status: 401, title: 'Authentication is required', retryable: false },
  forbidden: { status: 403, title: 'You are not permitted to do this', retryable: false },
  'not-found': { status: 404, title: 'Not found', retryable: false },
  'method-not-allowed': { status: 405, title: 'Method not allowed', retryable: false },
  conflict: { status: 409, title: 'The request conflicts with the current state', retryable: false },
  duplicate: { status: 409, title: 'A record with this value already exists', retryable: false },
  'slug-taken': { status: 409, title: 'This slug is already taken', retryable: false },
  'email-taken': { status: 409, title: 'A user with this email already exists', retryable: false },
  'concurrent-update': {
    status: 409,
    title: 'The customer changed while this request was applied; send it again',
    retryable: true,
  },
  'idempotency-in-progress': {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
    retryable: true,
  },
  'idempotency-answer-lost': {
    status: 409,
    title: 'The first request with this Idempotency-Key completed, but its answer could not be kept',
    retryable: false,
  },
  'precondition-failed': {
    status: 412,
    title: 'The resource has changed since you read it',
    retryable: false,
  },
  'payload-too-large': { status: 413, title: 'The body is too large', retryable: false },
  'too-large-to-answer': { status: 413, title: 'The answer would be too large: ask for it in the background', retryable: false },
  'unsupported-media-type': {
    status: 415,
    title: 'The content type is not supported',
    retryable: false,
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was used with a different request',
    retryable: false,
  },
  'rate-limited': { status: 429, title: 'Too many requests', retryable: true },
  internal: { status: 500, title: 'Something went wrong on our side', retryable: true },
  'dependency-unavailable': {
    status: 503,
    title: 'A service we depend on is unavailable',
    retryable: true,
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface DossierErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra problem members a client may act on, e.g. `existingCustomerId`. Never personal data. */
  extensions?: Record<string, unknown>;
  /** Seconds a client should wait, for 429 and 503. */
  retryAfter?: number;
  cause?: unknown;
}

export class DossierError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, options: DossierErrorOptions = {}) {
    super(options.detail ?? errorCatalogue[code].title, { cause: options.cause });
    this.name = 'DossierError';
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  get retryable(): boolean {
    return errorCatalogue[this.code].retryable;
  }
}

export const isDossierError = (error: unknown): error is DossierError =>
  error instanceof DossierError;

/** A 404 that reads the same whether the id is unknown or belongs to another tenant. */
export const notFound = (what: string): DossierError =>
  new DossierError('not-found', { detail: `${what} not found` });
