import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import * as manifest from '#functions/manifest';
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
 * node_modules as they resolve from the Lambda runtime's own SDK. Handler files shared by several
 * routes (the record routes) are one bundle, as CDK stages them once.
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

type FunctionEntry = { name: string; handler: string };

const isFunctionEntry = (value: unknown): value is FunctionEntry =>
  typeof value === 'object' && value !== null && typeof (value as FunctionEntry).name === 'string' && typeof (value as FunctionEntry).handler === 'string';

/** Every function of the manifest — routes, schedules, consumers, streams, and any section added later. */
const handlersOfManifest = (): Map<string, string[]> => {
  const byHandler = new Map<string, string[]>();
  const entries = Object.values(manifest).flatMap((section) => (Array.isArray(section) ? section.filter(isFunctionEntry) : []));
  for (const entry of entries) byHandler.set(entry.handler, [...(byHandler.get(entry.handler) ?? []), entry.name]);
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
  for (const [handler, functions] of handlersOfManifest()) {
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
