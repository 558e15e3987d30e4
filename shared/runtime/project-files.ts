import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * A file of the project a function reads at run time (manifest `projectFiles`): beside the
 * function's bundle in AWS (copied there at the same path, with the bundle at the root), or in
 * the project locally, where this module is `shared/runtime/project-files.ts`.
 */
const candidates = (file: string): string[] => [fileURLToPath(new URL(file, import.meta.url)), fileURLToPath(new URL(`../../${file}`, import.meta.url))];

export const readProjectFile = (file: string): Promise<string> => {
  const found = candidates(file).find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${file} is neither beside the bundle nor in the project: list it in the route's projectFiles`);
  return readFile(found, 'utf8');
};
