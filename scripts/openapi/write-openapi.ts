import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { routes, type RouteEntry } from '#functions/manifest';
import { buildOpenApiDocument, type DescribedRoute } from '#shared/http/openapi';
import { loadHandler, projectRoot } from '../local/local-server.ts';

export const OPENAPI_FILE = path.join(projectRoot, 'docs', 'openapi.json');

/** Loads every handler of the manifest and renders the document from what they validate with. */
export const renderOpenApi = async (): Promise<string> => {
  const described: DescribedRoute[] = [];
  for (const route of routes as readonly RouteEntry[]) {
    const handler = await loadHandler<DescribedRoute & { byRoute?: (name: string) => DescribedRoute | undefined }>(route);
    const own = handler.byRoute?.(route.name) ?? handler;
    described.push({ route: { ...route }, schemas: own.schemas });
  }
  return `${JSON.stringify(buildOpenApiDocument(described), null, 2)}\n`;
};

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const rendered = await renderOpenApi();
  const current = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
  if (current !== rendered) await writeFile(OPENAPI_FILE, rendered);
  console.log(current === rendered ? 'docs/openapi.json is up to date' : 'wrote docs/openapi.json');
}
