import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsoleIfStale, consoleDist } from '#scripts/web/console-build';

/**
 * The staff console's weight as a browser first loads it (issue 15: ≤ 350 KB of JavaScript,
 * gzipped): every script and stylesheet that web/dist/index.html names — the entry module and
 * what Vite preloads for it, i.e. everything the sign-in screen needs — gzipped as CloudFront
 * compresses it. The other screens are chunks loaded when first opened, reported apart.
 */
export interface ConsoleFigures {
  firstLoad: { files: string[]; javascriptGzipBytes: number; javascriptBytes: number; cssGzipBytes: number };
  /** Every JavaScript file of the build, gzipped: what a person who opens every screen loads. */
  allJavascriptGzipBytes: number;
  largestLazyChunk: { file: string; gzipBytes: number };
}

export const CONSOLE_FIRST_LOAD_BUDGET_BYTES = 350 * 1024;

const gzipSize = (content: Buffer): number => gzipSync(content, { level: 9 }).length;

/** The files index.html makes the browser fetch at once: module scripts, module preloads, stylesheets. */
const firstLoadFiles = (html: string): string[] =>
  [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\srel="(?:modulepreload|stylesheet)"[^>]*\shref)="\/([^"]+)"/g)].map((match) => match[1]!);

export const measureConsole = async (): Promise<ConsoleFigures> => {
  await buildConsoleIfStale();
  const read = (file: string) => readFile(path.join(consoleDist, file));
  const first = firstLoadFiles((await read('index.html')).toString('utf8'));
  if (!first.some((file) => file.endsWith('.js'))) throw new Error('web/dist/index.html names no script: is the build complete?');
  let javascriptGzipBytes = 0;
  let javascriptBytes = 0;
  let cssGzipBytes = 0;
  for (const file of first) {
    const content = await read(file);
    if (file.endsWith('.js')) {
      javascriptGzipBytes += gzipSize(content);
      javascriptBytes += content.length;
    } else cssGzipBytes += gzipSize(content);
  }
  const lazy: { file: string; gzipBytes: number }[] = [];
  let allJavascriptGzipBytes = 0;
  for (const name of await readdir(path.join(consoleDist, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    const gzipBytes = gzipSize(await read(`assets/${name}`));
    allJavascriptGzipBytes += gzipBytes;
    if (!first.includes(`assets/${name}`)) lazy.push({ file: `assets/${name}`, gzipBytes });
  }
  const largestLazyChunk = lazy.reduce((largest, chunk) => (chunk.gzipBytes > largest.gzipBytes ? chunk : largest), { file: '—', gzipBytes: 0 });
  return { firstLoad: { files: first, javascriptGzipBytes, javascriptBytes, cssGzipBytes }, allJavascriptGzipBytes, largestLazyChunk };
};
