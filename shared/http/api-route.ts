import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod';
import type { RouteAccess } from '#shared/domain/access';
import { DossierError } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { TenantTerms } from '#shared/domain/tenant';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import type { Page, PageRequest } from '#shared/data/pagination';
import { scopeOf } from '#shared/data/tenant-scope';
import { config } from '#shared/runtime/config';
import { logger } from '#shared/runtime/logger';
import type { Caller } from '#shared/services/caller';
import type { ApiContext, BodySchema, InputSchemas, RequestState, UploadedFile, UploadSpec } from './api-context.ts';
import { authenticate } from './middlewares/authenticate.ts';
import { idempotency } from './middlewares/idempotency.ts';
import { problemResponses } from './middlewares/problem-responses.ts';
import { readBody } from './middlewares/read-body.ts';
import { requestContext, withRequestState } from './middlewares/request-context.ts';
import { validateInput } from './middlewares/validate-input.ts';
import { listBodyOf, pageRequestOf, PagingQuerySchema, type ListBody } from './pagination.ts';
import type { ApiResponse, FileAnswer } from './responses.ts';

/** The parts of a manifest entry the HTTP stack needs. */
export interface RouteDefinition {
  name: string;
  method: string;
  path: string;
  access: RouteAccess;
  maxBodyBytes?: number;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
/** The parsed body: of the schema, or of the schema the tenant's terms make. */
type BodyOf<B> = B extends (terms: TenantTerms) => infer S ? Out<S> : Out<B>;

export interface PublicRequest<B, Q> {
  meta: RequestMeta;
  body: B;
  query: Q;
  headers: Record<string, string>;
}

/** The file a route that declares `upload` receives (and `undefined` for every other route). */
type UploadOf<U> = U extends UploadSpec ? UploadedFile : undefined;

export interface RouteRequest<B, Q, P, U = undefined> {
  /** Who calls, for which tenant, in which request: what every service action takes first. */
  caller: Caller;
  body: B;
  upload: U;
  query: Q;
  params: P;
  headers: Record<string, string>;
  /** The version named by `If-Match`, if the client sent one. */
  ifMatch: number | undefined;
  /** For list routes: the page asked for by `limit` and `cursor`. */
  page: PageRequest;
  /** For list routes: the answer body, with a cursor bound to this tenant and list. */
  listed<T, U>(page: Page<T>, present: (item: T) => U): Promise<ListBody<U>>;
}

/**
 * What a route declares: its input schemas and its handling. `body` is a schema, or a function
 * of the tenant's terms that makes one (a purchase in the tenant's currency).
 */
export interface RouteSpec<B extends BodySchema | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined, R> {
  body?: B;
  /** The route takes a file of these media types as its body (bytes, not JSON). */
  upload?: UploadSpec;
  /** The route answers with a file of one of these media types (`fileAnswer`), not JSON. */
  produces?: readonly string[];
  query?: Q;
  params?: P;
  handle(request: R): Promise<ApiResponse>;
}

/** A Lambda handler that also says which route it serves and what it validates (for OpenAPI). */
export type LambdaHandler = ((event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>) & {
  readonly route: RouteDefinition;
  readonly schemas: InputSchemas;
};

const parseIfMatch = (header: string | undefined): number | undefined => {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match) throw new DossierError('validation-failed', { errors: [{ path: 'If-Match', message: 'Must be the ETag you read, e.g. "3"' }] });
  return Number(match[1]);
};

/** A file answer: text as text, anything else base64 for API Gateway to send as bytes (binaryMediaTypes). */
const serializeFile = (response: ApiResponse, file: FileAnswer): APIGatewayProxyResult => {
  const { bytes, contentType, fileName } = file;
  const text = contentType.startsWith('text/');
  return {
    statusCode: response.status,
    headers: {
      'cache-control': 'no-store',
      'content-type': contentType,
      'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      ...response.headers,
    },
    body: text ? bytes.toString('utf8') : bytes.toString('base64'),
    isBase64Encoded: !text,
  };
};

const serialize = (response: ApiResponse): APIGatewayProxyResult => {
  if (response.file) return serializeFile(response, response.file);
  return {
    statusCode: response.status,
    headers: {
      'cache-control': 'no-store',
      ...(response.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...response.headers,
    },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
};

const metaOf = (state: RequestState): RequestMeta => ({ requestId: state.requestId, now: state.now, sourceIp: state.sourceIp, userAgent: state.userAgent });

/**
 * Every route gets the same middlewares in the same order: logger context, request id, security
 * headers, problem+json errors, body limits and JSON parsing, authentication and the manifest's
 * permission, strict validation, Idempotency-Key. The handler only sees typed, permitted input.
 */
const buildHandler = (route: RouteDefinition, schemas: InputSchemas, invoke: (state: RequestState) => Promise<ApiResponse>): LambdaHandler => {
  const core = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestContext())
    .use(httpSecurityHeaders())
    .use(problemResponses())
    .use(readBody({ expectsJson: schemas.body !== undefined, upload: schemas.upload, maxBytes: route.maxBodyBytes ?? 1024 * 1024 }))
    .use(authenticate({ access: route.access }))
    .use(validateInput(schemas))
    .use(idempotency({ route }))
    .handler(async (_event, context) => context.state.replay ?? serialize(await invoke(context.state)));

  const run = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const handle = () => core(event, withRequestState(event, context));
    if (!config().recordCapacity) return handle();
    const log = newCapacityLog();
    const result = await withCapacityLog(log, handle);
    result.headers = { ...result.headers, 'x-dossier-capacity': JSON.stringify(log) };
    return result;
  };
  return Object.assign(run, { route, schemas });
};

const listSchemaOf = (query: z.ZodType | undefined): z.ZodType =>
  query instanceof z.ZodObject ? query.safeExtend(PagingQuerySchema.shape) : PagingQuerySchema;

/** A route anyone may call (health, sign-up, sign-in, the API description). */
export const publicRoute = <B extends BodySchema | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  route: RouteDefinition,
  spec: RouteSpec<B, Q, undefined, PublicRequest<BodyOf<B>, Out<Q>>>,
): LambdaHandler => {
  if (route.access !== 'public') throw new Error(`${route.name} is not public in the manifest`);
  return buildHandler(route, spec, (state) =>
    spec.handle({ meta: metaOf(state), headers: state.headers, body: state.input?.body as BodyOf<B>, query: state.input?.query as Out<Q> }),
  );
};

/** A route for signed-in staff and API keys, with the manifest's permission enforced. */
export const apiRoute = <
  B extends BodySchema | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  U extends UploadSpec | undefined = undefined,
>(
  route: RouteDefinition,
  spec: RouteSpec<B, Q, P, RouteRequest<BodyOf<B>, Out<Q>, Out<P>, UploadOf<U>>> & { list?: boolean; upload?: U },
): LambdaHandler => {
  if (route.access === 'public') throw new Error(`${route.name} is public in the manifest`);
  const query = spec.list ? listSchemaOf(spec.query) : spec.query;
  return buildHandler(route, { body: spec.body, upload: spec.upload, produces: spec.produces, query, params: spec.params }, async (state) => {
    const principal = state.principal;
    if (!principal) throw new DossierError('unauthenticated');
    const input = state.input ?? { body: undefined, query: undefined, params: undefined };
    const paging = (input.query ?? {}) as { limit?: number; cursor?: string };
    const page = spec.list ? await pageRequestOf(principal.tenantId, route.name, { limit: paging.limit ?? 50, cursor: paging.cursor }) : { limit: 50 };
    return spec.handle({
      caller: { scope: scopeOf(principal), principal, meta: metaOf(state) },
      headers: state.headers,
      body: input.body as BodyOf<B>,
      upload: state.upload as UploadOf<U>,
      query: input.query as Out<Q>,
      params: input.params as Out<P>,
      ifMatch: parseIfMatch(state.headers['if-match']),
      page,
      listed: (listedPage, present) => listBodyOf(principal.tenantId, route.name, listedPage, present),
    });
  });
};
