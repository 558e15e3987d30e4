import { describe, expect, it } from 'vitest';
import { routes, schedules } from '#functions/manifest';
import { call } from '#test/fixtures/api-client';

const sampleIds: Record<string, string> = {};
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_match, name: string) => (sampleIds[name] ??= `x-${name}`));

describe('the local runtime serves the manifest', () => {
  it.each(routes.map((route) => [route.name, route]))('serves %s', async (_name, route) => {
    const answer = await call(route.method, fill(route.path), route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} });

    if (route.access === 'public') {
      expect(answer.body?.detail ?? '').not.toMatch(/^No route/);
    } else {
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('serves the OpenAPI document with every manifest route in it', async () => {
    const answer = await call('GET', '/v1/openapi.json');

    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    for (const route of routes) expect(answer.body.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.name);
  });
});

describe('the local runtime runs the manifest schedules', () => {
  it.each(schedules.map((entry) => [entry.name]))('knows the job %s', async (name) => {
    // A body without `at` is refused by a job that exists (400), not unknown (404); running a job
    // here would touch every suite's tenants.
    const answer = await call('POST', `/_local/jobs/${name}`, { body: {} });

    expect(answer.status).toBe(400);
  });
});
