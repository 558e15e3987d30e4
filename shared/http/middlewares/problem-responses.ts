import { DossierError, isDossierError } from '#shared/domain/errors';
import { logger } from '#shared/runtime/logger';
import type { ApiMiddleware, ApiRequest } from '../api-context.ts';
import { problemResponse } from '../problem.ts';

const describe = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack, cause: error.cause instanceof Error ? error.cause.name : undefined }
    : { name: typeof error };

/**
 * The only place errors become answers: a DossierError becomes its problem+json; anything else is
 * a generic 500 whose original is logged (name, message, stack) with the request id, and shown to
 * no one.
 */
export const problemResponses = (): ApiMiddleware => {
  const problemResponsesOnError = (request: ApiRequest): void => {
    if (request.response !== undefined) return;
    const original = request.error;
    const error = isDossierError(original) ? original : new DossierError('internal', { cause: original });
    if (error.status >= 500) {
      logger.error('Request failed', { error: describe(original), cause: describe(error.cause) });
    } else {
      logger.info('Request refused', { code: error.code, status: error.status });
    }
    request.response = problemResponse(error, `/requests/${request.context.state.requestId}`);
  };
  return { onError: problemResponsesOnError };
};
