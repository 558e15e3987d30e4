import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DossierError } from '#shared/domain/errors';
import { problemResponse } from '#shared/http/problem';
import { RECORD_KIND_PARAMETER } from './function-groups.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * The event as the route's handler expects it: API Gateway mounts the record routes of every
 * kind under `{recordKind}` (functions/function-groups.ts), and the handler is told the route's
 * own path template, without that parameter, exactly as the local gateway tells it.
 */
const asManifestRoute = (event: APIGatewayProxyEvent): APIGatewayProxyEvent => {
  const { [RECORD_KIND_PARAMETER]: kind, ...pathParameters } = event.pathParameters ?? {};
  const placeholder = `{${RECORD_KIND_PARAMETER}}`;
  if (kind === undefined || !event.resource.includes(placeholder)) return event;
  const resource = event.resource.replace(placeholder, kind);
  return {
    ...event,
    resource,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    requestContext: { ...event.requestContext, resourcePath: resource },
  };
};

/**
 * The handler of an area's function (functions/function-groups.ts): API Gateway names the route
 * it matched in the proxy event (`httpMethod` and the path template in `resource`), and the
 * route's own handler answers. A route the table doesn't hold — a record kind without that
 * route, a mis-wired method — gets the 404 problem the gateway gives for an unknown route.
 */
export const dispatchRoutes =
  (handlers: Readonly<Record<string, Handler>>): Handler =>
  async (received, context) => {
    const event = asManifestRoute(received);
    const handler = handlers[`${event.httpMethod} ${event.resource}`];
    if (handler) return handler(event, context);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const answer = problemResponse(new DossierError('not-found', { detail: `No route for ${event.httpMethod} ${event.path}` }), `/requests/${requestId}`);
    return { ...answer, headers: { ...answer.headers, 'x-request-id': requestId } };
  };
