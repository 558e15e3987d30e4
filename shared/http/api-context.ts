import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Principal } from '#shared/domain/access';
import type { TenantTerms } from '#shared/domain/tenant';
import type { UploadedFile } from '#shared/domain/values';
import type { IdempotencyClaim } from '#shared/services/idempotency';

/**
 * What the middlewares learn about a request, in one declared place: `context.state`, on the
 * Lambda context of this invocation, which middy hands to every middleware (`request.context`)
 * and to the handler. Each invocation (each request of the local server too) has its own context.
 */
export interface RequestState {
  requestId: string;
  /** The instant the request is handled at: every timestamp of the request uses it. */
  now: Date;
  /** The request path (for idempotency fingerprints). */
  path: string;
  sourceIp: string | undefined;
  userAgent: string | undefined;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody?: string;
  json?: unknown;
  /** The file a route that declares `upload` was sent. */
  upload?: UploadedFile;
  principal?: Principal;
  input?: { body: unknown; query: unknown; params: unknown };
  /** The request's Idempotency-Key, held while the handler runs. */
  idempotency?: IdempotencyClaim;
  /** The answer stored under the request's Idempotency-Key, served instead of running the handler. */
  replay?: APIGatewayProxyResult;
}

export interface ApiContext extends Context {
  state: RequestState;
}

export type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;
export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;

/** A body schema, or one made for the caller's tenant (money in its currency, phones in its country). */
export type BodySchema = z.ZodType | ((terms: TenantTerms) => z.ZodType);

/** A route that takes a file as its body (an import): the media types it accepts. */
export interface UploadSpec {
  contentTypes: readonly string[];
}

export type { UploadedFile };

/** What a route validates: the one description the validation middleware and the OpenAPI document share. */
export interface InputSchemas {
  body?: BodySchema | undefined;
  upload?: UploadSpec | undefined;
  query?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
}
