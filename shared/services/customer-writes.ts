import { customerLimitErrors, emptyStats, type CustomerInput, type CustomerPatch, type ReassignOwners } from '#shared/domain/customer';
import { emptyTallies } from '#shared/domain/customer-figures';
import { applyCustomerPatch, presentCustomer, splitSensitive, type CustomerFile } from '#shared/domain/customer-file';
import { DossierError, isDossierError, notFound } from '#shared/domain/errors';
import { findCustomerIdByUnique, getCustomer, uniqueGuards, type CustomerLookups, type StoredCustomer } from '#shared/data/customer-repository';
import { listCustomers } from '#shared/data/customer-listings';
import { createCustomerSteps, replaceCustomerSteps } from '#shared/data/customer-steps';
import type { PageRequest } from '#shared/data/pagination';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite, type TransactionStep } from '#shared/data/transactions';
import { getUser } from '#shared/data/user-repository';
import { newEvent } from '#shared/events/event-catalogue';
import { newId } from '#shared/runtime/ids';
import { countBusiness } from '#shared/runtime/metrics';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { lookupsOf, sealCustomerValues } from './customer-secrets.ts';
import { viewerLimit } from './customer-visibility.ts';
import { retryingRaces } from './optimistic-retry.ts';
import { tenantOf } from './tenant-context.ts';

/** A 409 names the customer that already holds the value, read from its guard item. */
const withExistingCustomer = async (scope: TenantScope, error: unknown, lookups: CustomerLookups): Promise<unknown> => {
  if (!isDossierError(error) || error.code !== 'duplicate') return error;
  const field = error.extensions?.field;
  const guard = uniqueGuards(lookups).find((candidate) => candidate.field === field);
  const existingCustomerId = guard ? await findCustomerIdByUnique(scope, guard, true) : undefined;
  return new DossierError('duplicate', {
    detail: error.detail,
    errors: error.errors,
    extensions: { existingCustomerId },
    cause: error,
  });
};

const checkOwner = async (scope: TenantScope, ownerUserId: string | undefined): Promise<void> => {
  if (ownerUserId && !(await getUser(scope, ownerUserId))) {
    throw new DossierError('validation-failed', { errors: [{ path: 'ownerUserId', message: 'No such user in this tenant' }] });
  }
};

/** Steps another action writes in the same transaction as the customer (an import row's outcome). */
export interface AlsoWrite {
  alsoWrite?: TransactionStep[];
}

export const createCustomer = async (caller: Caller, request: CustomerInput, options: AlsoWrite = {}) => {
  const { scope, meta } = caller;
  const [tenant, viewer] = await Promise.all([tenantOf(scope), viewerLimit(caller), checkOwner(scope, request.ownerUserId)]);
  // An agent who sees only their own customers owns the ones they add, unless they name an owner.
  const input = viewer && request.ownerUserId === undefined ? { ...request, ownerUserId: viewer } : request;
  const id = newId('customer', meta.now.getTime());
  const now = meta.now.toISOString();
  const { plain, sensitive } = splitSensitive(input);
  const [{ sealed, masked }, lookups] = await Promise.all([
    sealCustomerValues(scope, id, sensitive),
    lookupsOf(scope, sensitive, plain.externalIds),
  ]);
  const file: CustomerFile = {
    id,
    plain,
    sealed,
    masked,
    stats: emptyStats(tenant.currency),
    tallies: emptyTallies(),
    tier: 'potential',
    stage: 'prospect',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const event = newEvent(scope.tenantId, { type: 'customer.created', data: { customerId: id, tier: file.tier, stage: file.stage } }, meta.now);
  // Racing creates of one phone or email: the loser's transaction is cancelled, and its retry
  // meets the winner's guard (a 409 naming the winner).
  await retryingRaces(async () => {
    try {
      await transactWrite(scope, [
        ...createCustomerSteps(scope, { file, lookups }),
        ...changeStepsOf(caller, [event], 'customer.created', { customerId: id, target: { type: 'customer', id } }),
        ...(options.alsoWrite ?? []),
      ]);
    } catch (error) {
      throw await withExistingCustomer(scope, error, lookups);
    }
  });
  countBusiness('CustomersCreated');
  return presentCustomer(file, masked);
};

const withoutPaths = (map: Record<string, string>, paths: string[]) =>
  Object.fromEntries(Object.entries(map).filter(([path]) => !paths.includes(path)));

/**
 * A merge-patch of a customer. With `If-Match`, a stale version is a 412. Without it the change
 * is still conditional on the version it was computed from, and is recomputed on a newer version,
 * so two writers never lose each other's changes.
 */
export const updateCustomer = async (caller: Caller, request: { customerId: string; patch: CustomerPatch; ifMatch?: number | undefined } & AlsoWrite) => {
  const { scope, meta } = caller;
  const { customerId, patch, ifMatch } = request;
  if (patch.ownerUserId) await checkOwner(scope, patch.ownerUserId);
  return retryingRaces(async () => {
    const before = await getCustomer(scope, customerId, true);
    if (!before) throw notFound('Customer');
    if (ifMatch !== undefined && ifMatch !== before.file.version) throw new DossierError('precondition-failed');
    const outcome = applyCustomerPatch(before.file, patch);
    const overLimits = customerLimitErrors(outcome.plain);
    if (overLimits.length > 0) throw new DossierError('validation-failed', { errors: overLimits });
    const { sealed, masked } = await sealCustomerValues(scope, customerId, outcome.set);
    const nextLookups = await lookupsOf(scope, outcome.set, outcome.plain.externalIds);
    const lookups: CustomerLookups = {
      ...(outcome.unset.includes('phone') ? {} : { phone: nextLookups.phone ?? before.lookups.phone }),
      ...(outcome.unset.includes('email') ? {} : { email: nextLookups.email ?? before.lookups.email }),
      ...(outcome.unset.includes('birthday') ? {} : { birthdayMd: nextLookups.birthdayMd ?? before.lookups.birthdayMd }),
      ...(nextLookups.externalIds ? { externalIds: nextLookups.externalIds } : {}),
      // Contacts are replaced whole by a patch that names them, and kept as they were otherwise.
      contacts: patch.contacts === undefined ? before.lookups.contacts : nextLookups.contacts,
    };
    const after: StoredCustomer = {
      file: {
        ...before.file,
        plain: outcome.plain,
        sealed: { ...withoutPaths(before.file.sealed, outcome.unset), ...sealed },
        masked: { ...withoutPaths(before.file.masked, outcome.unset), ...masked },
        version: before.file.version + 1,
        updatedAt: meta.now.toISOString(),
      },
      lookups: Object.fromEntries(Object.entries(lookups).filter(([, value]) => value !== undefined)),
    };
    const event = newEvent(scope.tenantId, { type: 'customer.updated', data: { customerId, fields: outcome.changed } }, meta.now);
    try {
      await transactWrite(scope, [
        ...replaceCustomerSteps(scope, before, after),
        ...changeStepsOf(caller, [event], 'customer.updated', { customerId, target: { type: 'customer', id: customerId }, details: { fields: outcome.changed } }),
        ...(request.alsoWrite ?? []),
      ]);
    } catch (error) {
      throw await withExistingCustomer(scope, error, after.lookups);
    }
    return { view: presentCustomer(after.file, after.file.masked), version: after.file.version };
  }, { retryStale: ifMatch === undefined });
};

const REASSIGN_BATCH = 100;

/** The ids of up to `limit + 1` customers `userId` owns (one more tells whether any remain). */
const ownedBy = async (scope: TenantScope, userId: string, limit: number): Promise<{ ids: string[]; more: boolean }> => {
  const ids: string[] = [];
  let startKey: PageRequest['startKey'];
  do {
    const page = await listCustomers(scope, { sort: '-createdAt', filters: { ownerUserId: userId } }, { limit: 200, startKey });
    ids.push(...page.items.map((customer) => customer.id));
    startKey = page.lastKey;
  } while (startKey && ids.length <= limit);
  return { ids: ids.slice(0, limit), more: ids.length > limit || startKey !== undefined };
};

/**
 * Gives customers a new owner (or none): the named ones, or up to 100 of one staff user's per
 * call. Each is an ordinary owner change of that customer — versioned, audited, announced
 * (`customer.updated`) — so a customer changed meanwhile keeps that change too.
 */
export const reassignOwners = async (caller: Caller, request: ReassignOwners) => {
  const { scope } = caller;
  if (request.fromUserId !== undefined && request.fromUserId === request.ownerUserId) {
    throw new DossierError('validation-failed', { errors: [{ path: 'ownerUserId', message: 'Must be another user than fromUserId' }] });
  }
  await checkOwner(scope, request.ownerUserId ?? undefined);
  const owned = request.fromUserId === undefined ? undefined : await ownedBy(scope, request.fromUserId, REASSIGN_BATCH);
  const targets = request.customerIds ?? owned?.ids ?? [];
  const reassigned: string[] = [];
  const notFound: string[] = [];
  for (let start = 0; start < targets.length; start += 10) {
    await Promise.all(
      targets.slice(start, start + 10).map(async (customerId) => {
        try {
          await updateCustomer(caller, { customerId, patch: { ownerUserId: request.ownerUserId } });
          reassigned.push(customerId);
        } catch (error) {
          if (!isDossierError(error) || error.code !== 'not-found') throw error;
          notFound.push(customerId);
        }
      }),
    );
  }
  return { reassigned, notFound, remaining: owned?.more ?? false };
};
