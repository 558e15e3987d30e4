import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Builds the console (web/) into web/dist when its sources are newer than the build: `npm start`,
 * the test suites and `cdk synth` all call this, so a fresh clone needs no separate step and an
 * edit shows on the next start. Concurrent callers (test runtimes starting together) take turns on
 * a lock file, and a build is written beside web/dist and swapped in, so nobody reads half a build.
 */
export const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const webRoot = path.join(projectRoot, 'web');
export const consoleDist = path.join(webRoot, 'dist');
const LOCK = path.join(webRoot, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

/** What the build is made from: the app, its page and config, and the versions of its libraries. */
const SOURCES = [path.join(webRoot, 'src'), path.join(webRoot, 'index.html'), path.join(webRoot, 'vite.config.ts'), path.join(projectRoot, 'package-lock.json')];

const newestChange = async (target: string): Promise<number> => {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target, { withFileTypes: true });
  const times = await Promise.all(entries.map((entry) => newestChange(path.join(target, entry.name))));
  return Math.max(info.mtimeMs, ...times);
};

const builtAt = async (): Promise<number | undefined> => {
  try {
    return (await stat(path.join(consoleDist, 'index.html'))).mtimeMs;
  } catch {
    return undefined;
  }
};

export const consoleIsStale = async (): Promise<boolean> => {
  const built = await builtAt();
  if (built === undefined) return true;
  const sources = await Promise.all(SOURCES.map(newestChange));
  return Math.max(...sources) > built;
};

const withLock = async <T>(work: () => Promise<T>): Promise<T> => {
  for (;;) {
    try {
      const handle = await open(LOCK, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(LOCK).catch(() => undefined);
      // A build killed half-way leaves its lock behind: a lock older than any build is taken over.
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(LOCK, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { force: true });
  }
};

/** Builds web/ with Vite into web/dist (offline: everything comes from node_modules). */
export const buildConsole = async (): Promise<void> => {
  const { build } = await import('vite');
  const next = path.join(webRoot, `.dist-${process.pid}`);
  const previous = path.join(webRoot, `.dist-old-${process.pid}`);
  // Vite takes NODE_ENV from the environment when it is set, and vitest sets it to 'test': React's
  // development build would then be served (and weighed by the bench). Always production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(webRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: next, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await mkdir(consoleDist, { recursive: true });
  await rename(consoleDist, previous);
  await rename(next, consoleDist);
  await rm(previous, { recursive: true, force: true });
};

/** Builds the console if its sources changed since the last build; says so when it does. */
export const buildConsoleIfStale = async (log: (message: string) => void = () => undefined): Promise<void> => {
  if (!(await consoleIsStale())) return;
  await withLock(async () => {
    if (!(await consoleIsStale())) return;
    log('Building the console (web/ → web/dist)…');
    const started = performance.now();
    await buildConsole();
    log(`Console built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
};

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await buildConsole();
}
