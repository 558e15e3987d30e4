import { audienceIncludes, restrictedViewer, type Actor } from '#shared/domain/access';
import { notFound } from '#shared/domain/errors';
import { getCustomer, type StoredCustomer } from '#shared/data/customer-repository';
import type { Caller } from './caller.ts';
import { tenantOf } from './tenant-context.ts';

/**
 * The tenant's `visibility` setting applied to a caller: with `own`, an agent sees (reads, lists,
 * changes, adds records to) only customers they own or hold an open follow-up for, and every
 * other customer answers 404 as if it did not exist. Everyone else sees every customer.
 */

type Who = Pick<Caller<Actor>, 'scope' | 'principal'>;

/** The staff user whose customers the caller is limited to, or undefined when it sees all. */
export const viewerLimit = async (caller: Who): Promise<string | undefined> =>
  restrictedViewer(caller.principal, (await tenantOf(caller.scope)).settings.visibility);

/** Whether a customer is among those `viewer` sees (every customer when there is no limit). */
export const isVisibleTo = (viewer: string | undefined, stored: StoredCustomer): boolean =>
  viewer === undefined || audienceIncludes(viewer, { ownerUserId: stored.file.plain.ownerUserId, openFollowupsBy: stored.file.tallies.openFollowupsBy });

/**
 * A 404 for a customer the caller may not see. Reads the profile only for a limited agent; for
 * everyone else it costs nothing (the route's own read answers 404 for a missing customer).
 */
export const requireVisibleCustomer = async (caller: Who, customerId: string): Promise<void> => {
  const viewer = await viewerLimit(caller);
  if (viewer === undefined) return;
  const stored = await getCustomer(caller.scope, customerId);
  if (!stored || !isVisibleTo(viewer, stored)) throw notFound('Customer');
};

/** The records of a page whose customers the caller may see (a limited agent's work lists). */
export const visibleRecords = async <R extends { customerId: string }>(caller: Who, records: R[]): Promise<R[]> => {
  const viewer = await viewerLimit(caller);
  if (viewer === undefined) return records;
  const ids = [...new Set(records.map((record) => record.customerId))];
  const customers = await Promise.all(ids.map((id) => getCustomer(caller.scope, id)));
  const visible = new Set(ids.filter((_, at) => customers[at] !== undefined && isVisibleTo(viewer, customers[at])));
  return records.filter((record) => visible.has(record.customerId));
};
