import type { z } from 'zod';
import type { FieldError } from './errors.ts';

/**
 * The only translation of zod issues into the problem's `errors` list: one entry per bad field,
 * every bad field listed, unknown fields named one by one.
 */
export const fieldErrorsOf = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldError[] => {
  const seen = new Set<string>();
  // One entry per field: a value that breaks two rules (format and range) is named once.
  return issuesToErrors(issues, prefix).filter((error) => !seen.has(error.path) && seen.add(error.path));
};

const issuesToErrors = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): FieldError[] =>
  issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].map(String).join('.'), message: 'Unknown field' }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const nested = issue.errors.flatMap((branch) => issuesToErrors(branch, path));
      if (nested.length > 0 && issue.errors.length === 1) return nested;
    }
    return [{ path: path.map(String).join('.'), message: issue.message }];
  });
