import type { APIGatewayProxyResult } from 'aws-lambda';
import { errorCatalogue, type DossierError } from '#shared/domain/errors';

export const PROBLEM_BASE = 'https://dossier.dev/problems/';

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

export const problemResponse = (error: DossierError, instance?: string): APIGatewayProxyResult => ({
  statusCode: error.status,
  headers: {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...(error.retryAfter !== undefined ? { 'retry-after': String(error.retryAfter) } : {}),
  },
  body: JSON.stringify(problemOf(error, instance)),
});
