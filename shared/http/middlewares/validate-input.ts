import type { z } from 'zod';
import type { Principal } from '#shared/domain/access';
import { DossierError, type FieldError } from '#shared/domain/errors';
import type { ApiMiddleware } from '../request-state.ts';
import { stateOf } from '../request-state.ts';
import { fieldErrorsOf } from '#shared/domain/validation';

export interface InputSchemas {
  body?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
  /**
   * A body schema that depends on the caller's tenant (phones normalize against the tenant's
   * country). `body` still describes the route in the OpenAPI document.
   */
  bodyFor?: ((principal: Principal) => Promise<z.ZodType>) | undefined;
}

/**
 * Strict validation of body and query (400 listing every bad field of both). Path parameters that
 * are not well-formed ids name nothing that exists, so they answer 404 like an unknown id.
 */
export const validateInput = (schemas: InputSchemas): ApiMiddleware => {
  const validateInputBefore = async (request: Parameters<NonNullable<ApiMiddleware['before']>>[0]): Promise<void> => {
    const state = stateOf(request);
    const bodySchema = schemas.bodyFor && state.principal ? await schemas.bodyFor(state.principal) : schemas.body;
    const params = schemas.params?.safeParse(request.event.pathParameters ?? {});
    if (params && !params.success) throw new DossierError('not-found', { detail: 'No such resource' });

    const errors: FieldError[] = [];
    const query = schemas.query?.safeParse(request.event.queryStringParameters ?? {});
    if (query && !query.success) errors.push(...fieldErrorsOf(query.error.issues));
    const body = bodySchema?.safeParse(state.json);
    if (body && !body.success) errors.push(...fieldErrorsOf(body.error.issues));
    if (errors.length > 0) {
      throw new DossierError('validation-failed', { detail: `${errors.length} field(s) are not valid`, errors });
    }
    state.input = { body: body?.data, query: query?.data, params: params?.data };
  };
  return { before: validateInputBefore };
};
