import path from 'node:path';

/** The repository root: manifest `handler` paths are relative to it, and esbuild bundles from it. */
export const projectRoot = path.resolve(import.meta.dirname, '..');

export const projectFile = (relativePath: string): string => path.join(projectRoot, relativePath);
