import { randomUUID } from 'node:crypto';
import { logger } from '#shared/runtime/logger';
import { attachState, findState, type ApiMiddleware, type RequestState } from '../request-state.ts';

const lowerCaseHeaders = (headers: Record<string, string | undefined> | null): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
};

/**
 * First in the stack: fixes the request id, the instant the request is handled at, the caller's
 * address, and adds `x-request-id` to every answer, errors included.
 */
export const requestContext = (): ApiMiddleware => {
  const requestContextBefore = (request: Parameters<NonNullable<ApiMiddleware['before']>>[0]): void => {
    const event = request.event;
    const headers = lowerCaseHeaders(event.headers);
    const requestId = event.requestContext?.requestId || randomUUID();
    const state: RequestState = {
      requestId,
      now: new Date(),
      path: event.path,
      sourceIp: event.requestContext?.identity?.sourceIp ?? undefined,
      userAgent: headers['user-agent'],
      headers,
    };
    attachState(event, state);
    logger.appendKeys({ requestId, route: event.resource, method: event.httpMethod });
  };
  const addRequestId = (request: Parameters<NonNullable<ApiMiddleware['after']>>[0]): void => {
    const requestId = findState(request.event)?.requestId;
    if (request.response && requestId) {
      request.response.headers = { ...request.response.headers, 'x-request-id': requestId };
    }
  };
  return { before: requestContextBefore, after: addRequestId, onError: addRequestId };
};
