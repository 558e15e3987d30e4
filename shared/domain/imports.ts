import * as z from 'zod';
import type { CustomerView } from './customer-view.ts';
import type { FieldError } from './errors.ts';
import { bodyPathOf, importFields, targetOf, type ColumnTarget, type ImportField } from './import-columns.ts';
import { fieldErrorsOf } from './validation.ts';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

/**
 * Imports of customers from a spreadsheet: the request's options, what each row came to, and the
 * progress a person reads (`GET /v1/imports/{id}`).
 */
const mappingText = z
  .string()
  .max(8000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Must be a JSON object of column header → field, e.g. {"联系电话":"phone"}' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.string().min(1).max(100), z.string().min(1).max(100))
      .refine((map) => Object.keys(map).length <= 200, 'At most 200 columns')
      .superRefine((map, ctx) => {
        for (const [header, field] of Object.entries(map)) {
          if (!targetOf(field)) ctx.addIssue({ code: 'custom', path: [header], message: `Not a field: use one of ${importFields.join(', ')} or externalIds.<system>` });
        }
      }),
  );

export const ImportQuerySchema = z.strictObject({
  /** `create` skips rows whose phone, email or external id already belong to a customer; `upsert` updates them. */
  mode: z.enum(['create', 'upsert']).default('create'),
  /** Column header → field, for headers the importer would not recognise (`{"会员电话":"phone"}`). */
  mapping: mappingText.optional(),
  /** Read a CSV as this encoding instead of detecting it (a byte-order mark still wins). */
  encoding: z.enum(['utf-8', 'gbk']).optional(),
  /** The file's name, shown back in the import's progress. */
  fileName: z.string().trim().min(1).max(200).optional(),
});
export type ImportQuery = z.output<typeof ImportQuerySchema>;
export type ImportMode = ImportQuery['mode'];

export const importStatuses = ['queued', 'processing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** One bad row: where it is in the file (row as Excel numbers it, the column's header) and what is wrong. */
export const RowErrorSchema = z
  .object({
    row: z.number().int().min(1).describe('The row as Excel numbers it (the header is row 1)'),
    column: z.string().nullable().describe("The file's header of the column the message is about (null when no column holds it)"),
    path: z.string().describe('The field of the customer body the message is about'),
    message: z.string(),
  })
  .meta({ id: 'ImportRowError' });
export type RowError = z.output<typeof RowErrorSchema>;

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'duplicate' | 'failed';

export interface ImportCounts {
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  failed: number;
}

export const emptyCounts = (): ImportCounts => ({ total: 0, processed: 0, created: 0, updated: 0, unchanged: 0, duplicates: 0, failed: 0 });

/** The outcomes of a chunk's rows as counts to add to the import's. */
export const countsOf = (outcomes: readonly RowOutcome[]): Omit<ImportCounts, 'total'> => ({
  processed: outcomes.length,
  created: outcomes.filter((o) => o === 'created').length,
  updated: outcomes.filter((o) => o === 'updated').length,
  unchanged: outcomes.filter((o) => o === 'unchanged').length,
  duplicates: outcomes.filter((o) => o === 'duplicate').length,
  failed: outcomes.filter((o) => o === 'failed').length,
});

/** The header of each body path the file has a column for. */
export const columnsByPath = (columns: ReadonlyMap<string, ColumnTarget>): Map<string, string> => {
  const byPath = new Map<string, string>();
  for (const [header, target] of columns) byPath.set('field' in target ? bodyPathOf(target.field) : `externalIds.${target.externalSystem}`, header);
  return byPath;
};

/** The column an issue's path is about: the longest path prefix the file has a column for. */
const columnOf = (path: string, byPath: ReadonlyMap<string, string>): string | null => {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const header = byPath.get(parts.slice(0, length).join('.'));
    if (header !== undefined) return header;
  }
  return null;
};

/** A row's validation issues as row errors that name the file's columns. */
export const rowErrorsOf = (row: number, issues: readonly z.core.$ZodIssue[], byPath: ReadonlyMap<string, string>): RowError[] =>
  fieldErrorsOf(issues).map((error: FieldError) => ({ row, column: columnOf(error.path, byPath), path: error.path, message: error.message }));

/** A file the importer can't use at all (no name column): one error about the header row. */
export const headerErrorsOf = (columns: ReadonlyMap<string, ColumnTarget>): RowError[] => {
  const fields = new Set([...columns.values()].flatMap((target) => ('field' in target ? [target.field as ImportField] : [])));
  return fields.has('name') ? [] : [{ row: 1, column: null, path: 'name', message: 'The file needs a name column (姓名 or name), or a mapping that names one' }];
};

const sameTags = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((tag) => (b ?? []).includes(tag));

const equalValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The merge patch that brings an existing customer in line with a row (validated as a patch):
 * only fields the row names and that differ. Nested objects are compared member by member, tags
 * as a set. An empty patch means the row changes nothing, and nothing is written.
 */
export const upsertPatchOf = (existing: CustomerView, row: Record<string, unknown>): Record<string, unknown> => {
  const current = existing as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) {
    if (value === undefined) continue;
    if (field === 'tags') {
      if (!sameTags(value as string[], existing.tags)) patch.tags = value;
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const have = (current[field] ?? {}) as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(value).filter(([key, member]) => !equalValue(member, have[key])));
      if (Object.keys(changed).length > 0) patch[field] = changed;
    } else if (!equalValue(value, current[field])) {
      patch[field] = value;
    }
  }
  return patch;
};

const counted = (description: string) => z.number().int().min(0).describe(description);

/** What `GET /v1/imports/{id}` shows (and `POST /v1/imports` answers, queued). */
export const ImportSchema = z
  .object({
    id: idSchemaFor('import'),
    status: z.enum(importStatuses),
    mode: z.enum(['create', 'upsert']),
    fileName: z.string().nullable(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable().describe('The encoding a CSV was read as (utf-8, gbk, utf-16le …), once read'),
    total: counted('Rows of the file, once read'),
    processed: counted('Rows handled so far'),
    created: counted('Customers created'),
    updated: counted('Customers changed (upsert)'),
    unchanged: counted('Rows that matched a customer and changed nothing (upsert)'),
    duplicates: counted("Rows skipped: their phone, email or external id is a customer's already (create), or an earlier row's"),
    failed: counted('Bad rows, each in errors'),
    ignoredColumns: z.array(z.string()).describe('Headers of the file no field was found for: their cells were not imported'),
    errors: z.array(RowErrorSchema).describe('Every bad row (up to 2,000; the failures CSV has them all)'),
    moreErrors: z.boolean().describe('More bad rows than errors lists'),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
    completedAt: IsoDateTimeSchema.nullable(),
  })
  .meta({
    id: 'Import',
    examples: [
      {
        id: 'imp_01JD3K0000AAAABBBBCCCCDDDD',
        status: 'completed',
        mode: 'create',
        fileName: '会员名单.csv',
        format: 'csv',
        encoding: 'gbk',
        total: 3,
        processed: 3,
        created: 2,
        updated: 0,
        unchanged: 0,
        duplicates: 0,
        failed: 1,
        ignoredColumns: ['备用'],
        errors: [{ row: 4, column: '手机', path: 'phone', message: 'Must be a valid phone number (international, or national for CN)' }],
        moreErrors: false,
        createdAt: '2026-09-01T08:00:00.000Z',
        updatedAt: '2026-09-01T08:00:03.000Z',
        completedAt: '2026-09-01T08:00:03.000Z',
      },
    ],
  });
export type ImportView = z.output<typeof ImportSchema>;
