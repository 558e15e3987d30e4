import type { RouteEntry } from './manifest.ts';

/**
 * How the manifest's routes are deployed: one Lambda function per folder of `functions/` (an
 * area: customers, records, webhooks…), not one per route. Each route still has its own API
 * Gateway method; the area's function hands the request to the route's handler module. The
 * choice, and the cold-start measurement behind it, is in docs/decisions.md ("One Lambda per area of routes").
 */
export interface RouteGroup {
  /** The function's name in the manifest's sense (`api-customers`): unique, kebab-case. */
  name: string;
  area: string;
  routes: readonly RouteEntry[];
  summary: string;
  /** The largest memory any of its routes asks for: the function serves all of them. */
  memoryMb?: number;
  timeoutSeconds?: number;
  packageFiles?: readonly string[];
}

/** `functions/customers/create-customer.ts` → `customers`. */
export const areaOf = (route: Pick<RouteEntry, 'handler'>): string => {
  const [top, area, file] = route.handler.split('/');
  if (top !== 'functions' || !area || !file) throw new Error(`Route handler ${route.handler} must be functions/<area>/<file>.ts`);
  return area;
};

const largest = (values: (number | undefined)[]): number | undefined => {
  const given = values.filter((value): value is number => value !== undefined);
  return given.length > 0 ? Math.max(...given) : undefined;
};

/** The routes grouped by area, in manifest order. */
export const routeGroups = (routes: readonly RouteEntry[]): RouteGroup[] => {
  const byArea = new Map<string, RouteEntry[]>();
  for (const route of routes) byArea.set(areaOf(route), [...(byArea.get(areaOf(route)) ?? []), route]);
  return [...byArea].map(([area, members]) => {
    const packageFiles = [...new Set(members.flatMap((route) => route.packageFiles ?? []))];
    return {
      name: `api-${area}`,
      area,
      routes: members,
      summary: `API ${area}: ${members.map((route) => route.name).join(', ')}`.slice(0, 256),
      memoryMb: largest(members.map((route) => route.memoryMb)),
      timeoutSeconds: largest(members.map((route) => route.timeoutSeconds)),
      ...(packageFiles.length > 0 ? { packageFiles } : {}),
    };
  });
};

/** The key a route is dispatched by: its method and its manifest path template. */
export const routeKey = (route: Pick<RouteEntry, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/**
 * The path parameter API Gateway mounts the record routes of every kind under. Routes of the same
 * shape share one handler module already (`recordRoute`); in the stack they share one method per
 * shape too — `POST /v1/customers/{customerId}/{recordKind}` rather than one per kind — which is
 * 45 methods and resources fewer. Literal siblings (`timeline`, `merge`, `export`) still win, as
 * API Gateway prefers a literal segment to a parameter; a kind no route serves is a 404.
 */
export const RECORD_KIND_PARAMETER = 'recordKind';

/** The path template of the API Gateway method that serves a route. */
export const gatewayPathOf = (route: Pick<RouteEntry, 'path' | 'recordKind'>): string =>
  route.recordKind === undefined
    ? route.path
    : route.path
        .split('/')
        .map((segment) => (segment === route.recordKind ? `{${RECORD_KIND_PARAMETER}}` : segment))
        .join('/');

export interface GatewayMethod {
  method: RouteEntry['method'];
  /** The API Gateway path template (record kinds as `{recordKind}`). */
  path: string;
  /** The function (route group) behind it. */
  group: string;
  /** Manifest routes it serves: one, or the record routes of every kind of one shape. */
  routes: readonly RouteEntry[];
}

/** The API Gateway methods of the manifest's routes: one per route, one per shape for record routes. */
export const gatewayMethods = (routes: readonly RouteEntry[]): GatewayMethod[] => {
  const methods = new Map<string, GatewayMethod>();
  for (const group of routeGroups(routes)) {
    for (const route of group.routes) {
      const path = gatewayPathOf(route);
      const key = `${route.method} ${path}`;
      const known = methods.get(key);
      if (known && (known.group !== group.name || known.routes[0]!.access === 'public' || route.access === 'public')) {
        throw new Error(`${route.name} and ${known.routes[0]!.name} share the method ${key} but not a function and an authorizer`);
      }
      methods.set(key, { method: route.method, path, group: group.name, routes: [...(known?.routes ?? []), route] });
    }
  }
  return [...methods.values()];
};

/**
 * The source of a group's entry module: it imports each handler module of the group once and
 * hands every route of the group to its module's `handler`. `importPath` says how the entry
 * names a handler file (the entry is written outside `functions/`, at synth or bench time).
 */
export const groupEntrySource = (group: RouteGroup, importPath: (handler: string) => string): string => {
  const modules = [...new Set(group.routes.map((route) => route.handler))];
  const imports = modules.map((handler, at) => `import { handler as h${at} } from ${JSON.stringify(importPath(handler))};`);
  const table = group.routes.map((route) => `  ${JSON.stringify(routeKey(route))}: h${modules.indexOf(route.handler)},`);
  return [
    `// The ${group.name} function: generated from functions/manifest.ts by functions/function-groups.ts. Do not edit.`,
    `import { dispatchRoutes } from ${JSON.stringify(importPath('functions/route-dispatch.ts'))};`,
    ...imports,
    '',
    'export const handler = dispatchRoutes({',
    ...table,
    '});',
    '',
  ].join('\n');
};
