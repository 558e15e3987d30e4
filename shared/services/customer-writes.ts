import { emptyStats, type CustomerInput, type CustomerPatch } from '#shared/domain/customer';
import { emptyTallies } from '#shared/domain/customer-figures';
import { applyCustomerPatch, presentCustomer, splitSensitive, type CustomerFile } from '#shared/domain/customer-file';
import { DossierError, isDossierError, notFound } from '#shared/domain/errors';
import { findCustomerIdByUnique, getCustomer, uniqueGuards, type CustomerLookups, type StoredCustomer } from '#shared/data/customer-repository';
import { createCustomerSteps, replaceCustomerSteps } from '#shared/data/customer-steps';
import { outboxStep } from '#shared/data/outbox';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite, type TransactionStep } from '#shared/data/transactions';
import { getUser } from '#shared/data/user-repository';
import { newEvent } from '#shared/events/event-catalogue';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { lookupsOf, sealCustomerValues } from './customer-secrets.ts';
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

export const createCustomer = async (caller: Caller, input: CustomerInput, options: AlsoWrite = {}) => {
  const { scope, meta } = caller;
  const [tenant] = await Promise.all([tenantOf(scope), checkOwner(scope, input.ownerUserId)]);
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
        ...outboxStep(scope, [event]),
        auditStepOf(caller, 'customer.created', { customerId: id, target: { type: 'customer', id } }),
        ...(options.alsoWrite ?? []),
      ]);
    } catch (error) {
      throw await withExistingCustomer(scope, error, lookups);
    }
  });
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
    const { sealed, masked } = await sealCustomerValues(scope, customerId, outcome.set);
    const nextLookups = await lookupsOf(scope, outcome.set, outcome.plain.externalIds);
    const lookups: CustomerLookups = {
      ...(outcome.unset.includes('phone') ? {} : { phone: nextLookups.phone ?? before.lookups.phone }),
      ...(outcome.unset.includes('email') ? {} : { email: nextLookups.email ?? before.lookups.email }),
      ...(outcome.unset.includes('birthday') ? {} : { birthdayMd: nextLookups.birthdayMd ?? before.lookups.birthdayMd }),
      ...(nextLookups.externalIds ? { externalIds: nextLookups.externalIds } : {}),
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
        ...outboxStep(scope, [event]),
        auditStepOf(caller, 'customer.updated', { customerId, target: { type: 'customer', id: customerId }, details: { fields: outcome.changed } }),
        ...(request.alsoWrite ?? []),
      ]);
    } catch (error) {
      throw await withExistingCustomer(scope, error, after.lookups);
    }
    return { view: presentCustomer(after.file, after.file.masked), version: after.file.version };
  }, { retryStale: ifMatch === undefined });
};
