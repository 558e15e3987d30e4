import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Principal } from '#shared/domain/access';

/** What the middlewares learn about a request, kept beside middy's request for the handler. */
export interface RequestState {
  requestId: string;
  now: Date;
  /** The request path (for idempotency fingerprints). */
  path: string;
  sourceIp: string | undefined;
  userAgent: string | undefined;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody?: string;
  json?: unknown;
  principal?: Principal;
  input?: { body: unknown; query: unknown; params: unknown };
}

export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

// Keyed by the event object, which middy hands both to the middlewares and to the handler; the
// local runtime serves concurrent requests in one process, so no module-level slot would do.
const states = new WeakMap<APIGatewayProxyEvent, RequestState>();

export const attachState = (event: APIGatewayProxyEvent, state: RequestState): void => {
  states.set(event, state);
};

export const findState = (event: APIGatewayProxyEvent): RequestState | undefined => states.get(event);

export const stateOfEvent = (event: APIGatewayProxyEvent): RequestState => {
  const state = states.get(event);
  if (!state) throw new Error('requestContext middleware must run first');
  return state;
};

export const stateOf = (request: Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>): RequestState =>
  stateOfEvent(request.event);
