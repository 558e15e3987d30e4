import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { routeGroups } from '#functions/function-groups';
import { consumers, routes, schedules, streams, type RouteEntry } from '#functions/manifest';
import { writeGroupEntry } from '#infra/constructs/group-entries';
import { projectRoot } from './bench-environment.ts';
import { median, round } from './statistics.ts';
import { childEnvironment } from '#shared/runtime/config';

const run = promisify(execFile);

/**
 * Each function's bundle as CDK's NodejsFunction builds it (the options of `bundling` in
 * infra/constructs/service-function.ts: esbuild, ESM, minified, target node22, `@aws-sdk/*`
 * external, the `require` banner, an external source map), its size, and the time a fresh Node
 * process takes to import it: the module-initialisation part of a cold start. Bundles are written
 * under bench/bundles/ inside the project, so their external `@aws-sdk/*` imports resolve from
 * node_modules as they resolve from the Lambda runtime's own SDK. The bundles are those of the
 * deployed functions: one per area of routes (its generated entry, functions/function-groups.ts),
 * and one per job, unit of work, consumer and stream function.
 */
export interface BundleFigures {
  handler: string;
  functions: string[];
  bytes: number;
  sourceMapBytes: number;
  /** Median milliseconds to import the bundle in a fresh process, with --enable-source-maps as deployed. */
  initMs: number;
  initRuns: number[];
}

export const BUNDLE_BUDGET_BYTES = 400 * 1024;

const BANNER = "import { createRequire as __dossierCreateRequire } from 'node:module'; const require = __dossierCreateRequire(import.meta.url);";

/** Every deployed function's entry: the route areas' generated entries, then the workers' handlers. */
const deployedFunctions = (entriesDir: string): Map<string, string[]> => {
  const byHandler = new Map<string, string[]>();
  const add = (handler: string, name: string) => byHandler.set(handler, [...(byHandler.get(handler) ?? []), name]);
  for (const group of routeGroups(routes as readonly RouteEntry[])) add(writeGroupEntry(group, entriesDir), group.name);
  for (const job of schedules) {
    add(job.handler, job.name);
    if ('perTenant' in job) add(job.perTenant.handler, `${job.name}-tenant`);
  }
  for (const entry of [...consumers, ...streams]) add(entry.handler, entry.name);
  return byHandler;
};

const bundleOne = async (handler: string, outfile: string): Promise<void> => {
  await build({
    entryPoints: [path.join(projectRoot, handler)],
    outfile,
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*'],
    banner: { js: BANNER },
    logLevel: 'error',
  });
};

// Imports the bundle and prints how long the import took; node's own start-up is not counted.
const INIT_PROBE =
  "const { pathToFileURL } = await import('node:url'); const started = performance.now(); " +
  'await import(pathToFileURL(process.argv[1]).href); process.stdout.write(String(performance.now() - started));';

const initTime = async (bundle: string): Promise<number> => {
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', INIT_PROBE, bundle], {
    cwd: projectRoot,
    env: childEnvironment({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' }),
  });
  return Number(stdout);
};

export const measureBundles = async (options: { initRuns: number; onBundle?: (handler: string) => void }): Promise<BundleFigures[]> => {
  const outDir = path.join(projectRoot, 'bench', 'bundles');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const figures: BundleFigures[] = [];
  for (const [handler, functions] of deployedFunctions(path.join(outDir, 'entries'))) {
    const outfile = path.join(outDir, path.basename(handler, '.ts'), 'index.mjs');
    await bundleOne(handler, outfile);
    const runs: number[] = [];
    for (let i = 0; i < options.initRuns; i += 1) runs.push(round(await initTime(outfile), 1));
    figures.push({
      handler,
      functions,
      bytes: (await stat(outfile)).size,
      sourceMapBytes: (await stat(`${outfile}.map`)).size,
      initMs: round(median(runs), 1),
      initRuns: runs,
    });
    options.onBundle?.(handler);
  }
  return figures.sort((a, b) => b.bytes - a.bytes);
};
