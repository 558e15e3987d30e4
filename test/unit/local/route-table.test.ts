import { describe, expect, it } from 'vitest';
import { routes, toEventBridgeSchedule, type RouteEntry } from '#functions/manifest';
import { compileRoutes, matchRoute } from '#scripts/local/route-table';

const compiled = compileRoutes(routes as readonly RouteEntry[]);

describe('the local route table', () => {
  it('prefers a literal segment over a parameter, as API Gateway does', () => {
    expect(matchRoute(compiled, 'GET', '/v1/customers/duplicates')?.route.name).toBe('find-duplicate-customers');
    expect(matchRoute(compiled, 'GET', '/v1/customers/cus_01ARZ3NDEKTSV4RRFFQ69G5FAV')?.route.name).toBe('get-customer');
  });

  it('decodes path parameters', () => {
    expect(matchRoute(compiled, 'PATCH', '/v1/users/usr%5F1')?.pathParameters).toEqual({ userId: 'usr_1' });
  });

  it('matches nothing for an unknown method or path', () => {
    expect(matchRoute(compiled, 'PUT', '/v1/health')).toBeUndefined();
    expect(matchRoute(compiled, 'GET', '/v1/health/extra')).toBeUndefined();
  });
});

describe('the manifest', () => {
  it('names every route once', () => {
    const names = routes.map((route) => route.name);

    expect(new Set(names).size).toBe(names.length);
  });

  it('turns five-field cron into EventBridge six-field cron', () => {
    expect(toEventBridgeSchedule('0 * * * *')).toBe('cron(0 * * * ? *)');
    expect(toEventBridgeSchedule('*/5 * * * *')).toBe('cron(*/5 * * * ? *)');
    expect(toEventBridgeSchedule('30 2 * * 1')).toBe('cron(30 2 ? * 1 *)');
  });
});
