import * as z from 'zod';
import { openCursor, sealCursor } from '#shared/crypto/cursors';
import type { Page, PageRequest, StartKey } from '#shared/data/pagination';

/** `?limit=` (1–200, default 50) and `?cursor=`, shared by every list. */
export const PagingQuerySchema = z.strictObject({
  limit: z.coerce.number().int('Must be a whole number').min(1).max(200).default(50),
  cursor: z.string().max(4096).optional(),
});

export interface ListBody<T> {
  items: T[];
  nextCursor: string | null;
}

const pages = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The one shape of every list answer, for an item schema: `{items, nextCursor}`, named after the
 * item (`Customer` → `CustomerPage`). Made once per item schema, so two lists of the same item
 * share one component of the OpenAPI document.
 */
export const pageSchemaOf = <T extends z.ZodType>(item: T) => {
  const made = pages.get(item);
  if (made) return made as ReturnType<typeof newPageSchema<T>>;
  const page = newPageSchema(item);
  pages.set(item, page);
  return page;
};

const newPageSchema = <T extends z.ZodType>(item: T) => {
  const id = z.globalRegistry.get(item)?.id;
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('Send it back as `?cursor=` for the next page; null on the last page'),
    })
    .meta({ ...(id ? { id: `${id}Page` } : {}), description: `One page of a list${id ? ` of ${id} items` : ''}; follow nextCursor for the next.` });
};

/**
 * What a cursor is bound to besides the tenant: the route and every input of the query that made
 * it — path ids (the customer), filters, sort, range — but not the page size. A cursor sent with
 * any other query is refused (400), never run against an index it was not made for.
 */
export const listIdentityOf = (route: string, params: unknown, query: unknown): string => {
  const { cursor: _cursor, limit: _limit, ...rest } = (query ?? {}) as Record<string, unknown>;
  return JSON.stringify([route, canonical(params ?? {}), canonical(rest)]);
};

/** A value with its object keys in order, so the same inputs always make the same identity. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
};

/** Cursors are bound to the tenant and the list identity (route and query) that issued them. */
export const pageRequestOf = async (
  tenantId: string,
  list: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<PageRequest> => ({
  limit: query.limit,
  startKey: query.cursor ? ((await openCursor(tenantId, list, query.cursor)) as StartKey) : undefined,
});

export const listBodyOf = async <T, U>(
  tenantId: string,
  list: string,
  page: Page<T>,
  present: (item: T) => U,
): Promise<ListBody<U>> => ({
  items: page.items.map(present),
  nextCursor: await sealPageKey(tenantId, list, page.lastKey),
});

/** The cursor for where a list (or a part of an answer) goes on, or null at its end. */
export const sealPageKey = async (tenantId: string, list: string, lastKey: StartKey | undefined): Promise<string | null> =>
  lastKey ? sealCursor(tenantId, list, lastKey) : null;
