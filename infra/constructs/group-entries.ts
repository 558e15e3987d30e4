import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { groupEntrySource, type RouteGroup } from '#functions/function-groups';
import { projectFile } from '../project-paths.ts';

/** Where the entry modules of the area functions are written (git-ignored, beside the synth output). */
export const groupEntriesDir = projectFile('cdk.out/function-entries');

/**
 * Writes the entry module of an area's function (the routes of one folder of `functions/`) and
 * answers its path relative to the project root, as manifest handlers are named. Written at synth
 * time because it is derived from the manifest; the write is atomic, since test files synthesize
 * the stack in parallel.
 */
export const writeGroupEntry = (group: RouteGroup, directory = groupEntriesDir): string => {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${group.name}.ts`);
  const source = groupEntrySource(group, (handler) => path.relative(directory, projectFile(handler)).split(path.sep).join('/'));
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== source) {
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, source);
    renameSync(temporary, file);
  }
  return path.relative(projectFile('.'), file).split(path.sep).join('/');
};
