import { describe, expect, it } from 'vitest';
import { routes, type RouteEntry } from '#functions/manifest';
import { manifest } from '#infra/dossier-stack';
import { apiMdRoutes, sameRoute } from './api-md-routes.ts';
import { gatewayTarget, synthDossier } from './dossier-template.ts';

/** CloudFormation's limit is 500 resources a stack; the roadmap's routes must fit in 60 % of it. */
const RESOURCE_BUDGET = 300;

const manifestRoutes = routes as readonly RouteEntry[];
const inManifest = (route: string) => manifestRoutes.some((entry) => sameRoute(`${entry.method} ${entry.path}`, route));
const notYetBuilt = apiMdRoutes.filter((route) => !inManifest(route));

/** A route of API.md the manifest doesn't have yet, as its area's function would serve it. */
const stillToBuild = (route: string, at: number): RouteEntry => {
  const [method, path] = route.split(' ') as [RouteEntry['method'], string];
  const area = path.split('/')[2]!;
  return { name: `to-build-${at}`, method, path, handler: `functions/${area}/to-build.ts`, access: 'customers:read', summary: route };
};

const countOf = (resources: Record<string, unknown>) => Object.keys(resources).length;

describe('room to grow', () => {
  it.each(['dev', 'prod'])('keeps the %s stack under 60 percent of the 500 resources CloudFormation allows', (stage) => {
    const { resources } = synthDossier({ stage });

    expect(countOf(resources)).toBeLessThan(RESOURCE_BUDGET);
  });

  it('stays under it with every route of API.md built', () => {
    const everyRoute = { ...manifest, routes: [...manifestRoutes, ...notYetBuilt.map(stillToBuild)] };
    const { resources } = synthDossier({ stage: 'prod', manifest: everyRoute });

    for (const route of apiMdRoutes) expect(gatewayTarget(resources, route), route).toBeDefined();
    expect(countOf(resources)).toBeLessThan(RESOURCE_BUDGET);
  });

  it('serves every route of API.md, and has none still to build', () => {
    const { resources } = synthDossier();

    for (const route of apiMdRoutes.filter(inManifest)) expect(gatewayTarget(resources, route), route).toBeDefined();
    expect(notYetBuilt).toEqual([]);
  });
});
