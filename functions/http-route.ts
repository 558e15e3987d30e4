import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { z } from 'zod';
import { apiRoute, publicRoute, type LambdaHandler } from '#shared/http/api-route';
import { routeNamed, routes, type RouteEntry, type RouteName } from './manifest.ts';

/**
 * Binds a handler to its manifest entry by name (checked at compile time), so method, path and
 * permission are written once, in the manifest.
 */
export const route = <
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  name: RouteName,
  spec: Parameters<typeof apiRoute<B, Q, P>>[1],
) => apiRoute<B, Q, P>(routeNamed(name), spec);

export const openRoute = <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  name: RouteName,
  spec: Parameters<typeof publicRoute<B, Q>>[1],
) => publicRoute<B, Q>(routeNamed(name), spec);

/**
 * One handler module serving several manifest routes of the same shape (the record routes of
 * every kind): each route gets its own middy stack built by `build`, and the event's resource
 * picks it. `byRoute` lets the OpenAPI generator read each route's schemas.
 */
export const routesServedBy = (handlerFile: string) => {
  const served = (routes as readonly RouteEntry[]).filter((entry) => entry.handler === handlerFile);
  return <T extends LambdaHandler>(build: (route: RouteEntry) => T) => {
    const byKey = new Map(served.map((entry) => [`${entry.method} ${entry.path}`, build(entry)]));
    const byName = new Map(served.map((entry) => [entry.name, byKey.get(`${entry.method} ${entry.path}`)!]));
    const handler = (event: APIGatewayProxyEvent, context: Context) => {
      const target = byKey.get(`${event.httpMethod} ${event.resource}`);
      if (!target) throw new Error(`${handlerFile} does not serve ${event.httpMethod} ${event.resource}`);
      return target(event, context);
    };
    return Object.assign(handler, { byRoute: (name: string) => byName.get(name) });
  };
};
