import type * as z from 'zod';
import { customerInputSchemaFor, customerPatchSchemaFor, type CustomerInput, type CustomerPatch } from '#shared/domain/customer';
import { presentCustomer } from '#shared/domain/customer-file';
import { isDossierError } from '#shared/domain/errors';
import { creationBodyOf, customerDraftOf, type ColumnTarget } from '#shared/domain/import-columns';
import { rowErrorsOf, upsertPatchOf, type ImportMode, type RowError, type RowOutcome } from '#shared/domain/imports';
import type { TenantTerms } from '#shared/domain/tenant';
import { findCustomerIdByUnique, getCustomer } from '#shared/data/customer-repository';
import { rowOutcomeStep, type StoredRowOutcome } from '#shared/data/import-repository';
import type { Caller } from './caller.ts';
import { blindIndexOf, openCustomerValues } from './customer-secrets.ts';
import { isVisibleTo } from './customer-visibility.ts';
import { createCustomer, updateCustomer } from './customer-writes.ts';
import { sealImportJson } from './import-secrets.ts';

/**
 * One row of an import: read as the body of a new customer (or a change of an existing one, in
 * upsert mode), validated by the same schemas as `POST`/`PATCH /v1/customers`, and written by
 * `createCustomer`/`updateCustomer` with the row's outcome in the same transaction. A row is
 * therefore written whole or not at all, and once: a second run of its chunk finds the outcome.
 */
export interface RowContext {
  /** The person who asked for the import: rows are their actions (audit), at the consumer's instant. */
  caller: Caller;
  importId: string;
  mode: ImportMode;
  terms: TenantTerms;
  /** The file's columns by position: header and what it names (or nothing, for ignored columns). */
  columns: readonly { header: string; target: ColumnTarget | undefined }[];
  /** Body path → the file's header for it, to name the column of an error. */
  byPath: ReadonlyMap<string, string>;
  /**
   * Outcomes of rows that wrote nothing (unchanged, duplicate, failed), kept to be stored together
   * at the chunk's end: nothing else can be lost with them, so they need no transaction of their own.
   */
  settled: StoredRowOutcome[];
  /** For an agent limited to their own customers: they may not change another's, so it is not a match. */
  visibleTo?: string | undefined;
}

export interface SheetRowInput {
  row: number;
  cells: string[];
}

const schemas = new Map<string, { create: z.ZodType<CustomerInput>; patch: z.ZodType<CustomerPatch> }>();
const schemasFor = (terms: TenantTerms) => {
  const key = `${terms.currency}/${terms.country}`;
  let built = schemas.get(key);
  if (!built) schemas.set(key, (built = { create: customerInputSchemaFor(terms), patch: customerPatchSchemaFor(terms) }));
  return built;
};

const draftOf = (context: RowContext, input: SheetRowInput) => {
  const cells = new Map<ColumnTarget, string>();
  context.columns.forEach((column, at) => {
    if (column.target) cells.set(column.target, input.cells[at] ?? '');
  });
  return customerDraftOf(cells);
};

/** The customer a row names by external id, phone or email (in that order), through the blind indexes. */
const matchOf = async (context: RowContext, patch: CustomerPatch): Promise<string | undefined> => {
  const { scope } = context.caller;
  const candidates = [
    ...Object.entries(patch.externalIds ?? {}).flatMap(([system, id]) => (id ? [{ kind: `ext:${system}`, index: `externalId:${system}` as const, value: id }] : [])),
    ...(patch.phone ? [{ kind: 'phone', index: 'phone' as const, value: patch.phone }] : []),
    ...(patch.email ? [{ kind: 'email', index: 'email' as const, value: patch.email }] : []),
  ];
  for (const candidate of candidates) {
    const found = await findCustomerIdByUnique(scope, { kind: candidate.kind, blindIndex: await blindIndexOf(scope, candidate.index, candidate.value) }, true);
    if (found) return found;
  }
  return undefined;
};

const record = (context: RowContext, outcome: StoredRowOutcome): RowOutcome => {
  context.settled.push(outcome);
  return outcome.outcome;
};

const failed = async (context: RowContext, input: SheetRowInput, errors: RowError[]): Promise<RowOutcome> =>
  record(context, {
    row: input.row,
    outcome: 'failed',
    errors,
    cells: await sealImportJson(context.caller.scope, { importId: context.importId, part: `row.${input.row}` }, input.cells),
  });

/** A refusal of the write itself (a value another customer holds) as the row's error. */
const errorsOfRefusal = (input: SheetRowInput, context: RowContext, error: unknown): RowError[] | undefined => {
  if (!isDossierError(error) || error.status >= 500 || error.extensions?.rowDone) return undefined;
  const fieldErrors = error.errors ?? [{ path: '', message: error.detail ?? error.message }];
  return fieldErrors.map((fieldError) => ({ row: input.row, column: context.byPath.get(fieldError.path) ?? null, path: fieldError.path, message: fieldError.message }));
};

const updateMatched = async (context: RowContext, input: SheetRowInput, customerId: string, change: CustomerPatch): Promise<RowOutcome> => {
  const { scope } = context.caller;
  const stored = await getCustomer(scope, customerId, true);
  if (!stored) return createNew(context, input, change, true);
  // A customer the importer may not see is left alone, as a duplicate would be in create mode.
  if (!isVisibleTo(context.visibleTo, stored)) return record(context, { row: input.row, outcome: 'duplicate', customerId });
  const existing = presentCustomer(stored.file, await openCustomerValues(scope, customerId, stored.file.sealed));
  const patch = upsertPatchOf(existing, change as Record<string, unknown>) as CustomerPatch;
  if (Object.keys(patch).length === 0) return record(context, { row: input.row, outcome: 'unchanged', customerId });
  const outcome: StoredRowOutcome = { row: input.row, outcome: 'updated', customerId };
  await updateCustomer(context.caller, { customerId, patch, alsoWrite: [rowOutcomeStep(scope, context.importId, outcome, context.caller.meta.now)] });
  return 'updated';
};

const createNew = async (context: RowContext, input: SheetRowInput, draft: Record<string, unknown>, retried = false): Promise<RowOutcome> => {
  const parsed = schemasFor(context.terms).create.safeParse(creationBodyOf(draft));
  if (!parsed.success) return failed(context, input, rowErrorsOf(input.row, parsed.error.issues, context.byPath));
  const outcome: StoredRowOutcome = { row: input.row, outcome: 'created' };
  try {
    await createCustomer(context.caller, parsed.data, { alsoWrite: [rowOutcomeStep(context.caller.scope, context.importId, outcome, context.caller.meta.now)] });
    return 'created';
  } catch (error) {
    if (!isDossierError(error) || error.code !== 'duplicate') throw error;
    const existingCustomerId = error.extensions?.existingCustomerId as string | undefined;
    // Upsert: another row (or person) created this customer a moment ago: it is now a match.
    const asChange = context.mode === 'upsert' && existingCustomerId && !retried ? schemasFor(context.terms).patch.safeParse(draft) : undefined;
    if (existingCustomerId && asChange?.success) return updateMatched(context, input, existingCustomerId, asChange.data);
    return record(context, { row: input.row, outcome: 'duplicate', customerId: existingCustomerId });
  }
};

/**
 * Imports one row and stores what became of it (the chunk's counts are read back from the stored
 * outcomes, so a row a concurrent run of the chunk did first is counted once).
 */
export const importRow = async (context: RowContext, input: SheetRowInput): Promise<void> => {
  const draft = draftOf(context, input);
  try {
    if (context.mode === 'create') {
      await createNew(context, input, draft);
      return;
    }
    const asChange = schemasFor(context.terms).patch.safeParse(draft);
    const matched = asChange.success ? await matchOf(context, asChange.data) : undefined;
    if (matched && asChange.success) await updateMatched(context, input, matched, asChange.data);
    else await createNew(context, input, draft);
  } catch (error) {
    if (isDossierError(error) && error.extensions?.rowDone) return;
    const refusal = errorsOfRefusal(input, context, error);
    if (!refusal) throw error;
    await failed(context, input, refusal);
  }
};
