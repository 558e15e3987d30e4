import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type * as z from 'zod';
import type { RecordKindName } from '#shared/domain/records/record-kinds';
import type { Answers } from '#shared/http/answers';
import type { BodySchema, UploadSpec } from '#shared/http/api-context';
import { apiRoute, publicRoute, type LambdaHandler } from '#shared/http/api-route';
import { routeAt, routeNamed, type RouteEntry, type RouteName } from './manifest.ts';

/**
 * Binds a handler to its manifest entry by name (checked at compile time), so method, path and
 * permission are written once, in the manifest.
 */
export const route = <
  A extends Answers,
  B extends BodySchema | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  U extends UploadSpec | undefined = undefined,
>(
  name: RouteName,
  spec: Parameters<typeof apiRoute<A, B, Q, P, U>>[1],
) => apiRoute<A, B, Q, P, U>(routeNamed(name), spec);

export const openRoute = <
  A extends Answers,
  B extends BodySchema | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  name: RouteName,
  spec: Parameters<typeof publicRoute<A, B, Q, P>>[1],
) => publicRoute<A, B, Q, P>(routeNamed(name), spec);

/** A handler module serving the routes of every record kind: `byRoute` lets the OpenAPI generator read each route's schemas. */
export type RecordRouteHandler = ((event: APIGatewayProxyEvent, context: Context) => ReturnType<LambdaHandler>) & {
  byRoute(name: string): LambdaHandler;
};

const recordRouteNamed = (entry: RouteEntry | undefined): RouteEntry & { recordKind: RecordKindName } => {
  if (!entry?.recordKind) throw new Error(`${entry?.name ?? 'This route'} is not a record route of the manifest`);
  return { ...entry, recordKind: entry.recordKind };
};

/**
 * One handler module for a record route of every kind (add, list, get, change): the route API
 * Gateway invoked the function for is found in the manifest by method and path template, and its
 * `recordKind` says which kind it serves. Each route gets its own middy stack, built on first use.
 */
export const recordRoute = (build: (route: RouteEntry, kind: RecordKindName) => LambdaHandler): RecordRouteHandler => {
  const stacks = new Map<string, LambdaHandler>();
  const stackOf = (entry: RouteEntry | undefined): LambdaHandler => {
    const served = recordRouteNamed(entry);
    let stack = stacks.get(served.name);
    if (!stack) stacks.set(served.name, (stack = build(served, served.recordKind)));
    return stack;
  };
  const handler = (event: APIGatewayProxyEvent, context: Context) => stackOf(routeAt(event.httpMethod, event.resource))(event, context);
  return Object.assign(handler, { byRoute: (name: string) => stackOf(routeNamed(name)) });
};
