import type { z } from 'zod';
import { DossierError, type FieldError } from '#shared/domain/errors';
import { termsOf, type TenantTerms } from '#shared/domain/tenant';
import { fieldErrorsOf } from '#shared/domain/validation';
import { scopeOf } from '#shared/data/tenant-scope';
import { tenantOf } from '#shared/services/tenant-context';
import type { ApiMiddleware, ApiRequest, BodySchema, InputSchemas } from '../api-context.ts';

/** Schemas made for a tenant's terms, built once per distinct terms (a handful per process). */
const schemaForTerms = (body: (terms: TenantTerms) => z.ZodType) => {
  const built = new Map<string, z.ZodType>();
  return (terms: TenantTerms): z.ZodType => {
    const key = `${terms.currency}/${terms.country}`;
    let schema = built.get(key);
    if (!schema) built.set(key, (schema = body(terms)));
    return schema;
  };
};

const bodySchemaOf = (body: BodySchema | undefined) => {
  if (body === undefined || typeof body !== 'function') return async () => body;
  const forTerms = schemaForTerms(body);
  return async (request: ApiRequest) => {
    const principal = request.context.state.principal;
    if (!principal) throw new DossierError('unauthenticated');
    return forTerms(termsOf(await tenantOf(scopeOf(principal))));
  };
};

/**
 * Strict validation of body and query (400 listing every bad field of both). A body that depends
 * on the tenant (money in its currency, phones in its country) is checked with the schema made
 * for the caller's tenant. Path parameters that are not well-formed ids name nothing that exists,
 * so they answer 404 like an unknown id.
 */
export const validateInput = (schemas: InputSchemas): ApiMiddleware => {
  const bodySchemaFor = bodySchemaOf(schemas.body);
  const validateInputBefore = async (request: ApiRequest): Promise<void> => {
    const state = request.context.state;
    const params = schemas.params?.safeParse(request.event.pathParameters ?? {});
    if (params && !params.success) throw new DossierError('not-found', { detail: 'No such resource' });

    const upload = state.upload;
    if (schemas.upload && upload && !schemas.upload.contentTypes.includes(upload.contentType)) {
      throw new DossierError('unsupported-media-type', { detail: `Send the file as one of: ${schemas.upload.contentTypes.join(', ')}` });
    }
    const errors: FieldError[] = [];
    if (schemas.upload && !upload?.bytes.length) errors.push({ path: 'body', message: 'Required: the file to import' });
    const query = schemas.query?.safeParse(request.event.queryStringParameters ?? {});
    if (query && !query.success) errors.push(...fieldErrorsOf(query.error.issues));
    const body = (await bodySchemaFor(request))?.safeParse(state.json);
    if (body && !body.success) errors.push(...fieldErrorsOf(body.error.issues));
    if (errors.length > 0) {
      throw new DossierError('validation-failed', { detail: `${errors.length} field(s) are not valid`, errors });
    }
    state.input = { body: body?.data, query: query?.data, params: params?.data };
  };
  return { before: validateInputBefore };
};
