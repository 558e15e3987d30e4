import type { RouteEntry } from '#functions/manifest';

/** Matches request paths against the manifest's API Gateway path templates. */
export interface RouteMatch {
  route: RouteEntry;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteEntry;
  pattern: RegExp;
  names: string[];
}

export const compileRoutes = (routes: readonly RouteEntry[]): CompiledRoute[] =>
  routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(param[1]!);
        return '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}$`), names };
  });

/**
 * The route for a method and path. Literal segments win over parameters, as in API Gateway
 * (`/v1/customers/duplicates` before `/v1/customers/{id}`).
 */
export const matchRoute = (compiled: CompiledRoute[], method: string, pathname: string): RouteMatch | undefined => {
  const candidates = compiled
    .filter((entry) => entry.route.method === method)
    .map((entry) => ({ entry, match: entry.pattern.exec(pathname) }))
    .filter((candidate) => candidate.match !== null)
    .sort((a, b) => a.entry.names.length - b.entry.names.length);
  const best = candidates[0];
  if (!best?.match) return undefined;
  const pathParameters: Record<string, string> = {};
  best.entry.names.forEach((name, index) => {
    try {
      pathParameters[name] = decodeURIComponent(best.match![index + 1]!);
    } catch {
      pathParameters[name] = best.match![index + 1]!;
    }
  });
  return { route: best.entry.route, pathParameters };
};
