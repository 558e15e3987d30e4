import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { errorCatalogue, type DossierError, type ErrorCode } from '#shared/domain/errors';
import { MoneySchema } from '#shared/domain/values';

export const PROBLEM_BASE = 'https://dossier.dev/problems/';

const problemTypes = Object.keys(errorCatalogue).map((code) => `${PROBLEM_BASE}${code}`);

/**
 * The one shape of every error answer (RFC 9457), as the OpenAPI document describes it. Open to
 * extension members, as the RFC allows: a client reads the ones it knows and ignores the rest.
 */
export const ProblemSchema = z
  .looseObject({
    type: z.enum(problemTypes as [string, ...string[]]).describe('What went wrong, as a stable URI; one of Dossier’s problem types'),
    title: z.string().describe('A short summary of the type, the same for every problem of that type'),
    status: z.number().int().optional().describe('The HTTP status (left out only by a few gateway answers that cover several statuses)'),
    detail: z.string().optional().describe('What went wrong with this request; never shown for a 5xx'),
    instance: z.string().optional().describe('This request: `/requests/<x-request-id>`'),
    errors: z
      .array(z.object({ path: z.string().describe('The field, e.g. `phone` or `address.city`, or a header name'), message: z.string() }))
      .optional()
      .describe('Every bad field of a 400, not only the first'),
    existingCustomerId: z.string().optional().describe('On a 409 `duplicate` of a customer: the customer that already has the phone, email or external id'),
    existingRecordId: z.string().optional().describe('On a 409 `duplicate` of a record: the record that already has the value (an order’s externalId)'),
    field: z.string().optional().describe('On a 409 `duplicate`: the body field whose value is taken'),
    refundableAmount: MoneySchema.optional().describe('On a 409 of a refund for more than is left of the purchase: what is left to refund'),
  })
  .meta({
    id: 'Problem',
    description: 'An error, as RFC 9457 problem details (`application/problem+json`).',
    examples: [
      {
        type: `${PROBLEM_BASE}validation-failed`,
        title: errorCatalogue['validation-failed'].title,
        status: 400,
        detail: '2 field(s) are not valid',
        instance: '/requests/6f1c2a9e-0b7d-4e8a-9c3f-2d5e8b1a4c70',
        errors: [
          { path: 'phone', message: 'Must be a valid phone number (international, or national for CN)' },
          { path: 'tier', message: 'Unrecognized key: "tier"' },
        ],
      },
    ],
  });

/** The example body of a problem of one code, as the functions write it. */
export const exampleProblem = (code: ErrorCode, detail?: string, extensions: Record<string, unknown> = {}) => ({
  type: `${PROBLEM_BASE}${code}`,
  title: errorCatalogue[code].title,
  status: errorCatalogue[code].status,
  ...(detail ? { detail } : {}),
  instance: '/requests/6f1c2a9e-0b7d-4e8a-9c3f-2d5e8b1a4c70',
  ...extensions,
});

/**
 * The RFC 9457 body of an error. Client errors show their detail and field errors; a server
 * error shows only its catalogue title, never a message, a stack or an internal name.
 */
export const problemOf = (error: DossierError, instance?: string) => {
  const entry = errorCatalogue[error.code];
  const clientError = entry.status < 500;
  return {
    type: `${PROBLEM_BASE}${error.code}`,
    title: entry.title,
    status: entry.status,
    ...(clientError && error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(clientError && error.errors ? { errors: error.errors } : {}),
    ...(clientError ? error.extensions : {}),
  };
};

/**
 * The security headers of an answer no function wrote (the gateway's own problems, in AWS and
 * locally): the ones of the functions' http-security-headers middleware that matter for a JSON body.
 */
export const gatewaySecurityHeaders = {
  'strict-transport-security': 'max-age=15552000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

export const problemResponse = (error: DossierError, instance?: string): APIGatewayProxyResult => ({
  statusCode: error.status,
  headers: {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...(error.retryAfter !== undefined ? { 'retry-after': String(error.retryAfter) } : {}),
  },
  body: JSON.stringify(problemOf(error, instance)),
});
