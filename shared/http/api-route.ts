import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod';
import type { RouteAccess } from '#shared/domain/access';
import { DossierError, type ErrorCode } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { TenantTerms } from '#shared/domain/tenant';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import type { Page, PageRequest } from '#shared/data/pagination';
import { scopeOf } from '#shared/data/tenant-scope';
import { config } from '#shared/runtime/config';
import { logger } from '#shared/runtime/logger';
import type { Caller } from '#shared/services/caller';
import type { ApiContext, BodySchema, InputSchemas, RequestState, UploadedFile, UploadSpec } from './api-context.ts';
import { isFileDownload, type AnswerBody, type AnswerOf, type Answers } from './answers.ts';
import { authenticate } from './middlewares/authenticate.ts';
import { customerVisibility } from './middlewares/customer-visibility.ts';
import { idempotency } from './middlewares/idempotency.ts';
import { problemResponses } from './middlewares/problem-responses.ts';
import { readBody } from './middlewares/read-body.ts';
import { requestContext, withRequestState } from './middlewares/request-context.ts';
import { validateInput } from './middlewares/validate-input.ts';
import { listBodyOf, listIdentityOf, pageRequestOf, PagingQuerySchema, type ListBody } from './pagination.ts';
import type { ApiResponse, FileAnswer } from './responses.ts';
import { takesIfMatch } from './route-traits.ts';

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

export interface PublicRequest<B, Q, P> {
  meta: RequestMeta;
  body: B;
  query: Q;
  params: P;
  headers: Record<string, string>;
}

/** The file a route that declares `upload` receives (and `undefined` for every other route). */
type UploadOf<U> = U extends UploadSpec ? UploadedFile : undefined;

export interface RouteRequest<B, Q, P, U = undefined> {
  /** Who calls, for which tenant, in which request: what every service action takes first. */
  caller: Caller;
  body: B;
  /** The file sent as the body, for a route that declares `upload`. */
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

type SecurityHeaderOptions = NonNullable<Parameters<typeof httpSecurityHeaders>[0]>;

/**
 * What a route declares: its input schemas, its answers and its handling. `body` is a schema, or
 * a function of the tenant's terms that makes one (a purchase in the tenant's currency).
 * `response` maps each success status to the schema of its body (`null` for a 204): the OpenAPI
 * document describes it, and `handle` must return one of those statuses with a body of that type.
 */
export interface RouteSpec<B extends BodySchema | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined, A extends Answers, R> {
  body?: B;
  query?: Q;
  params?: P;
  /**
   * Each success status's answer: the zod schema of a JSON body, a `mediaAnswer` (text of another
   * type), a `fileDownload` (a file's bytes, `fileAnswer`), or `null` for no body.
   */
  response: A;
  /** Problems beyond those the route's nature implies (route-traits.ts), e.g. sign-in's 401. */
  problems?: readonly ErrorCode[];
  /** Overrides of the security headers, for a page that runs its own scripts (the API reference). */
  securityHeaders?: SecurityHeaderOptions;
  handle(request: R): Promise<AnswerOf<A>>;
}

/** What the OpenAPI document reads off a handler: its route, what it validates, what it answers. */
export interface RouteContract {
  readonly route: RouteDefinition;
  readonly schemas: InputSchemas;
  readonly answers: Answers;
  readonly problems: readonly ErrorCode[];
}

/** A Lambda handler that also says which route it serves, what it validates and what it answers (for OpenAPI). */
export type LambdaHandler = ((event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>) & RouteContract;

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

/** JSON, text of another type, or a file's bytes, as the route declares the answer's status. */
const serialize = (response: ApiResponse, declared: AnswerBody | undefined): APIGatewayProxyResult => {
  if (isFileDownload(declared)) return serializeFile(response, response.body as FileAnswer);
  const text = response.contentType !== undefined && typeof response.body === 'string';
  return {
    statusCode: response.status,
    headers: {
      'cache-control': 'no-store',
      ...(response.body === undefined ? {} : { 'content-type': text ? response.contentType : 'application/json; charset=utf-8' }),
      ...response.headers,
    },
    body: response.body === undefined ? '' : text ? (response.body as string) : JSON.stringify(response.body),
  };
};

const metaOf = (state: RequestState): RequestMeta => ({ requestId: state.requestId, now: state.now, sourceIp: state.sourceIp, userAgent: state.userAgent });

/**
 * Every route gets the same middlewares in the same order: logger context, request id, security
 * headers, problem+json errors, body limits and JSON parsing, authentication and the manifest's
 * permission, strict validation, the customer's visibility to the caller, Idempotency-Key. The handler only sees typed, permitted input.
 */
const buildHandler = (
  contract: Omit<RouteContract, 'problems'> & { problems?: readonly ErrorCode[] | undefined; securityHeaders?: SecurityHeaderOptions | undefined },
  invoke: (state: RequestState) => Promise<ApiResponse>,
): LambdaHandler => {
  const { route, schemas } = contract;
  const core = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestContext())
    .use(httpSecurityHeaders(contract.securityHeaders))
    .use(problemResponses())
    .use(readBody({ expectsJson: schemas.body !== undefined, upload: schemas.upload, maxBytes: route.maxBodyBytes ?? 1024 * 1024 }))
    .use(authenticate({ access: route.access }))
    .use(validateInput(schemas))
    .use(customerVisibility())
    .use(idempotency({ route }))
    .handler(async (_event, context) => {
      if (context.state.replay) return context.state.replay;
      const response = await invoke(context.state);
      return serialize(response, contract.answers[response.status as keyof Answers]);
    });

  const run = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const handle = () => core(event, withRequestState(event, context));
    if (!config().recordCapacity) return handle();
    const log = newCapacityLog();
    const result = await withCapacityLog(log, handle);
    result.headers = { ...result.headers, 'x-dossier-capacity': JSON.stringify(log) };
    return result;
  };
  return Object.assign(run, { route, schemas, answers: contract.answers, problems: contract.problems ?? [] });
};

const listSchemaOf = (query: z.ZodType | undefined): z.ZodType =>
  query instanceof z.ZodObject ? query.safeExtend(PagingQuerySchema.shape) : PagingQuerySchema;

/** A route anyone may call (health, sign-up, sign-in, the API description). */
export const publicRoute = <
  A extends Answers,
  B extends BodySchema | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  route: RouteDefinition,
  spec: RouteSpec<B, Q, P, A, PublicRequest<BodyOf<B>, Out<Q>, Out<P>>>,
): LambdaHandler => {
  if (route.access !== 'public') throw new Error(`${route.name} is not public in the manifest`);
  const schemas = { body: spec.body, query: spec.query, params: spec.params };
  return buildHandler({ route, schemas, answers: spec.response, problems: spec.problems, securityHeaders: spec.securityHeaders }, (state) =>
    spec.handle({
      meta: metaOf(state),
      headers: state.headers,
      body: state.input?.body as BodyOf<B>,
      query: state.input?.query as Out<Q>,
      params: state.input?.params as Out<P>,
    }),
  );
};

/** A route for signed-in staff and API keys, with the manifest's permission enforced. */
export const apiRoute = <
  A extends Answers,
  B extends BodySchema | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  U extends UploadSpec | undefined = undefined,
>(
  route: RouteDefinition,
  spec: RouteSpec<B, Q, P, A, RouteRequest<BodyOf<B>, Out<Q>, Out<P>, UploadOf<U>>> & {
    list?: boolean;
    /** The route takes a file of these media types as its body (its bytes, not JSON). */
    upload?: U;
  },
): LambdaHandler => {
  if (route.access === 'public') throw new Error(`${route.name} is public in the manifest`);
  const query = spec.list ? listSchemaOf(spec.query) : spec.query;
  const schemas = { body: spec.body, upload: spec.upload, query, params: spec.params };
  return buildHandler({ route, schemas, answers: spec.response, problems: spec.problems, securityHeaders: spec.securityHeaders }, async (state) => {
    const principal = state.principal;
    if (!principal) throw new DossierError('unauthenticated');
    const input = state.input ?? { body: undefined, query: undefined, params: undefined };
    const paging = (input.query ?? {}) as { limit?: number; cursor?: string };
    const list = listIdentityOf(route.name, input.params, input.query);
    const page = spec.list ? await pageRequestOf(principal.tenantId, list, { limit: paging.limit ?? 50, cursor: paging.cursor }) : { limit: 50 };
    return spec.handle({
      caller: { scope: scopeOf(principal), principal, meta: metaOf(state) },
      headers: state.headers,
      body: input.body as BodyOf<B>,
      upload: state.upload as UploadOf<U>,
      query: input.query as Out<Q>,
      params: input.params as Out<P>,
      ifMatch: takesIfMatch(route) ? parseIfMatch(state.headers['if-match']) : undefined,
      page,
      listed: (listedPage, present) => listBodyOf(principal.tenantId, list, listedPage, present),
    });
  });
};
