import type { z } from 'zod';
import type { FieldError } from './errors.ts';

/**
 * The only translation of zod issues into the problem's `errors` list: one entry per bad field,
 * every bad field listed, unknown fields named one by one.
 */
export const fieldErrorsOf = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldError[] =>
  issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].map(String).join('.'), message: 'Unknown field' }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const nested = issue.errors.flatMap((branch) => fieldErrorsOf(branch, path));
      if (nested.length > 0 && issue.errors.length === 1) return nested;
    }
    return [{ path: path.map(String).join('.'), message: issue.message }];
  });
