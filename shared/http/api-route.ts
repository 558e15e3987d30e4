import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod';
import type { Principal, RouteAccess } from '#shared/domain/access';
import { DossierError } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import type { Page, PageRequest } from '#shared/data/pagination';
import { scopeOf, type TenantScope } from '#shared/data/tenant-scope';
import { config } from '#shared/runtime/config';
import { withIdempotency } from '#shared/services/idempotency';
import { logger } from '#shared/runtime/logger';
import { authenticate } from './middlewares/authenticate.ts';
import { problemResponses } from './middlewares/problem-responses.ts';
import { readBody } from './middlewares/read-body.ts';
import { requestContext } from './middlewares/request-context.ts';
import { validateInput } from './middlewares/validate-input.ts';
import { listBodyOf, pageRequestOf, PagingQuerySchema, type ListBody } from './pagination.ts';
import { stateOfEvent, type RequestState } from './request-state.ts';
import type { ApiResponse } from './responses.ts';

/** The parts of a manifest entry the HTTP stack needs. */
export interface RouteDefinition {
  name: string;
  method: string;
  path: string;
  access: RouteAccess;
  maxBodyBytes?: number;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;


export interface PublicRequest<B, Q, P> extends RequestMeta {
  body: B;
  query: Q;
  params: P;
  headers: Record<string, string>;
}

export interface RouteRequest<B, Q, P> extends PublicRequest<B, Q, P> {
  principal: Principal;
  scope: TenantScope;
  /** The version named by `If-Match`, if the client sent one. */
  ifMatch: number | undefined;
  /** For list routes: the page asked for by `limit` and `cursor`. */
  page: PageRequest;
  /** For list routes: the answer body, with a cursor bound to this tenant and list. */
  listed<T, U>(page: Page<T>, present: (item: T) => U): Promise<ListBody<U>>;
}

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined, R> {
  body?: B;
  query?: Q;
  params?: P;
  handle(request: R): Promise<ApiResponse>;
}

const parseIfMatch = (header: string | undefined): number | undefined => {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match) {
    throw new DossierError('validation-failed', {
      errors: [{ path: 'If-Match', message: 'Must be the ETag you read, e.g. "3"' }],
    });
  }
  return Number(match[1]);
};

const serialize = (response: ApiResponse): APIGatewayProxyResult => ({
  statusCode: response.status,
  headers: {
    'cache-control': 'no-store',
    ...(response.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...response.headers,
  },
  body: response.body === undefined ? '' : JSON.stringify(response.body),
});

const metaOf = (state: RequestState): RequestMeta => ({
  requestId: state.requestId,
  now: state.now,
  sourceIp: state.sourceIp,
  userAgent: state.userAgent,
});

type InputSchemas = {
  body?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
  bodyFor?: ((principal: Principal) => Promise<z.ZodType>) | undefined;
};

/** A Lambda handler that also says which route it serves and what it validates (for OpenAPI). */
export type LambdaHandler = ((event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>) & {
  readonly route: RouteDefinition;
  readonly schemas: InputSchemas;
};

/**
 * Every route gets the same middlewares in the same order: logger context, request id, security
 * headers, problem+json errors, body limits and JSON parsing, authentication and the manifest's
 * permission, strict validation. The handler only sees typed, permitted input.
 */
const buildHandler = (
  route: RouteDefinition,
  schemas: InputSchemas,
  invoke: (state: RequestState) => Promise<ApiResponse>,
): LambdaHandler => {
  const core = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestContext())
    .use(httpSecurityHeaders())
    .use(problemResponses())
    .use(readBody({ expectsJson: schemas.body !== undefined, maxBytes: route.maxBodyBytes ?? 1024 * 1024 }))
    .use(authenticate({ access: route.access }))
    .use(validateInput(schemas))
    .handler(async (event) => serialize(await invoke(stateOfEvent(event))));

  const run = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    if (!config().recordCapacity) return core(event, context);
    const log = newCapacityLog();
    const result = await withCapacityLog(log, () => core(event, context));
    result.headers = { ...result.headers, 'x-dossier-capacity': JSON.stringify(log) };
    return result;
  };
  return Object.assign(run, { route, schemas });
};

/** `Idempotency-Key` on a POST: the first answer is kept and replayed (services/idempotency.ts). */
const idempotent = async (
  route: RouteDefinition,
  state: RequestState,
  scope: TenantScope | 'global',
  handle: () => Promise<ApiResponse>,
): Promise<ApiResponse> => {
  const key = state.headers['idempotency-key'];
  if (route.method !== 'POST' || key === undefined) return handle();
  const answer = await withIdempotency(scope, key, { route: route.name, path: state.path, body: state.rawBody ?? '' }, state.now, handle);
  return { ...answer, headers: { ...answer.headers, ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}) } };
};

const listSchemaOf = (query: z.ZodType | undefined): z.ZodType =>
  query instanceof z.ZodObject ? query.safeExtend(PagingQuerySchema.shape) : PagingQuerySchema;

/** A route anyone may call (health, sign-up, sign-in, the API description). */
export const publicRoute = <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  route: RouteDefinition,
  spec: RouteSpec<B, Q, undefined, PublicRequest<Out<B>, Out<Q>, undefined>>,
): LambdaHandler => {
  if (route.access !== 'public') throw new Error(`${route.name} is not public in the manifest`);
  return buildHandler(route, spec, (state) =>
    idempotent(route, state, 'global', () =>
      spec.handle({
        ...metaOf(state),
        headers: state.headers,
        body: state.input?.body as Out<B>,
        query: state.input?.query as Out<Q>,
        params: undefined,
      }),
    ),
  );
};

/** A route for signed-in staff and API keys, with the manifest's permission enforced. */
export const apiRoute = <
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  route: RouteDefinition,
  spec: RouteSpec<B, Q, P, RouteRequest<Out<B>, Out<Q>, Out<P>>> & {
    list?: boolean;
    /** Validates the body with a schema made for the caller's tenant; must accept what `body` describes. */
    bodyFor?: (principal: Principal) => Promise<z.ZodType<Out<B>>>;
  },
): LambdaHandler => {
  if (route.access === 'public') throw new Error(`${route.name} is public in the manifest`);
  const query = spec.list ? listSchemaOf(spec.query) : spec.query;
  return buildHandler(route, { body: spec.body, query, params: spec.params, bodyFor: spec.bodyFor }, async (state) => {
    const principal = state.principal;
    if (!principal) throw new DossierError('unauthenticated');
    const input = state.input ?? { body: undefined, query: undefined, params: undefined };
    const paging = (input.query ?? {}) as { limit?: number; cursor?: string };
    const page = spec.list ? await pageRequestOf(principal.tenantId, route.name, { limit: paging.limit ?? 50, cursor: paging.cursor }) : { limit: 50 };
    const ifMatch = parseIfMatch(state.headers['if-match']);
    const handle = () => spec.handle({
      ...metaOf(state),
      headers: state.headers,
      body: input.body as Out<B>,
      query: input.query as Out<Q>,
      params: input.params as Out<P>,
      principal,
      scope: scopeOf(principal),
      ifMatch,
      page,
      listed: (page, present) => listBodyOf(principal.tenantId, route.name, page, present),
    });
    return idempotent(route, state, scopeOf(principal), handle);
  });
};
