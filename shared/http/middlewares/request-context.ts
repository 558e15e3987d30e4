import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { logger } from '#shared/runtime/logger';
import type { ApiContext, ApiMiddleware, ApiRequest } from '../api-context.ts';

const lowerCaseHeaders = (headers: Record<string, string | undefined> | null): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
};

/**
 * The invocation's context with the request's state: its id, the instant it is handled at, the
 * caller's address. Made before middy runs, so every middleware and the handler find it typed.
 */
export const withRequestState = (event: APIGatewayProxyEvent, context: Context): ApiContext => {
  const headers = lowerCaseHeaders(event.headers);
  return Object.assign(context, {
    state: {
      requestId: event.requestContext?.requestId || randomUUID(),
      now: new Date(),
      path: event.path,
      sourceIp: event.requestContext?.identity?.sourceIp ?? undefined,
      userAgent: headers['user-agent'],
      headers,
    },
  });
};

/** First in the stack: the request's keys on every log line, and `x-request-id` on every answer, errors included. */
export const requestContext = (): ApiMiddleware => {
  const requestContextBefore = (request: ApiRequest): void => {
    logger.appendKeys({ requestId: request.context.state.requestId, route: request.event.resource, method: request.event.httpMethod });
  };
  const addRequestId = (request: ApiRequest): void => {
    if (request.response) request.response.headers = { ...request.response.headers, 'x-request-id': request.context.state.requestId };
  };
  return { before: requestContextBefore, after: addRequestId, onError: addRequestId };
};
