import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { areaOf, gatewayMethods, groupEntrySource, routeGroups } from '#functions/function-groups';
import { routeNamed, routes, type RouteEntry } from '#functions/manifest';
import { dispatchRoutes } from '#functions/route-dispatch';

const manifestRoutes = routes as readonly RouteEntry[];

const eventAt = (method: string, resource: string, path: string, pathParameters: Record<string, string> | null): APIGatewayProxyEvent =>
  ({ httpMethod: method, resource, path, pathParameters, requestContext: { requestId: 'req-1', resourcePath: resource } }) as unknown as APIGatewayProxyEvent;

const context = { awsRequestId: 'aws-1' } as Context;

/** A handler that answers what it was told: the route and path parameters it received. */
const echo = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  body: JSON.stringify({ resource: event.resource, resourcePath: event.requestContext.resourcePath, pathParameters: event.pathParameters }),
});

describe('routes grouped into one function per area', () => {
  it('groups the routes of each folder of functions/ into one function that can serve the most demanding of them', () => {
    const groups = routeGroups(manifestRoutes);
    const auth = groups.find((group) => group.area === 'auth')!;

    expect(groups.flatMap((group) => group.routes)).toHaveLength(manifestRoutes.length);
    expect(new Set(groups.map((group) => group.name)).size).toBe(groups.length);
    expect(auth.routes.map((route) => route.name)).toEqual(['log-in', 'describe-me']);
    expect(auth.memoryMb).toBe(1024);
    expect(groups.find((group) => group.area === 'platform')!.packageFiles).toContain('swagger-ui-dist/swagger-ui-bundle.js');
    expect(areaOf(routeNamed('add-transaction'))).toBe('records');
  });

  it('mounts the record routes of all kinds on one method per shape, and every other route on its own', () => {
    const methods = gatewayMethods(manifestRoutes);
    const add = methods.find((method) => method.method === 'POST' && method.path === '/v1/customers/{customerId}/{recordKind}')!;

    expect(add.routes.map((route) => route.recordKind)).toEqual(['transactions', 'refunds', 'interactions', 'feedback', 'followups', 'payments', 'points', 'coupons', 'participations']);
    expect(methods.find((method) => method.path === '/v1/customers/{customerId}/timeline')!.routes.map((route) => route.name)).toEqual(['get-timeline']);
    expect(methods.flatMap((method) => method.routes)).toHaveLength(manifestRoutes.length);
  });

  it('writes an entry module that imports each handler module once and names every route of the area', () => {
    const records = routeGroups(manifestRoutes).find((group) => group.area === 'records')!;

    const source = groupEntrySource(records, (handler) => `../${handler}`);

    expect(source.match(/from "\.\.\/functions\/records\/add-record\.ts"/g)).toHaveLength(1);
    for (const route of records.routes) expect(source).toContain(`"${route.method} ${route.path}": h`);
  });
});

describe('dispatching a request to its route', () => {
  const handle = dispatchRoutes({ 'POST /v1/customers/{customerId}/transactions': echo, 'GET /v1/health': echo });

  it("hands a record route its own path template, as the local gateway does, not the method's {recordKind}", async () => {
    const answer = await handle(eventAt('POST', '/v1/customers/{customerId}/{recordKind}', '/v1/customers/cus_1/transactions', { customerId: 'cus_1', recordKind: 'transactions' }), context);

    expect(JSON.parse(answer.body)).toEqual({
      resource: '/v1/customers/{customerId}/transactions',
      resourcePath: '/v1/customers/{customerId}/transactions',
      pathParameters: { customerId: 'cus_1' },
    });
  });

  it('hands any other route the event unchanged', async () => {
    const answer = await handle(eventAt('GET', '/v1/health', '/v1/health', null), context);

    expect(JSON.parse(answer.body)).toEqual({ resource: '/v1/health', resourcePath: '/v1/health', pathParameters: null });
  });

  it('answers a kind or a route the function does not serve with a 404 problem carrying the request id', async () => {
    const answer = await handle(eventAt('POST', '/v1/customers/{customerId}/{recordKind}', '/v1/customers/cus_1/messages', { customerId: 'cus_1', recordKind: 'messages' }), context);

    expect(answer.statusCode).toBe(404);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/problem+json', 'x-request-id': 'req-1' });
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'https://dossier.dev/problems/not-found', detail: 'No route for POST /v1/customers/cus_1/messages' });
  });
});
