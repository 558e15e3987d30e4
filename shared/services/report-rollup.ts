import { createHash } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { CustomerFile } from '#shared/domain/customer-file';
import type { CustomerRecord } from '#shared/domain/records/record-kinds';
import { addProfileChange, addRecordChange, effectiveDeltas, facetsOf, monthIn, type CubeDeltas, type RecordFacts } from '#shared/domain/report-cube';
import type { StoredCustomer } from '#shared/data/customer-repository';
import type { Item } from '#shared/data/pagination';
import { addToReports } from '#shared/data/report-repository';
import { streamChangeOf, type StreamChange } from '#shared/data/stream-images';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { logger } from '#shared/runtime/logger';
import { openCustomerValues } from './customer-secrets.ts';
import { activeTenantOf } from './tenant-context.ts';

/**
 * The report figures' roll-up, fed by the table's stream (manifest `roll-up-reports`): a batch of
 * profile and record changes becomes, per tenant, one set of deltas (before-image out, after-image
 * in), folded so that each report item is written once per batch whatever the number of changes
 * behind it, and added in transactions the batch can retry (report-repository.ts). Purchases
 * therefore never write a report item themselves: they can't contend on one, and the figures
 * trail the archive by one batch (the stream's batching window plus the roll-up's own time).
 */

/** The year of a sealed birthday: the only part of it an aggregate keeps. */
const birthYearOf = async (scope: TenantScope, file: CustomerFile): Promise<string | undefined> => {
  const sealed = file.sealed.birthday;
  if (!sealed) return undefined;
  try {
    const { birthday } = await openCustomerValues(scope, file.id, { birthday: sealed });
    return birthday?.slice(0, 4);
  } catch (error) {
    // A birthday that can't be opened counts as unknown, before and after alike (so deltas stay balanced).
    logger.warn('A birthday could not be opened for the reports', { customerId: file.id, error: (error as Error).message });
    return undefined;
  }
};

/** What a record adds to the figures (nothing, for most kinds). */
export const recordFactsOf = (stored: Item | CustomerRecord | undefined, timeZone: string): RecordFacts | undefined => {
  if (!stored) return undefined;
  // A stream image and a record read through the repository hold the same attributes.
  const record = stored as Item;
  if (record.kind === 'transactions' && record.status === 'completed') {
    return { kind: 'purchase', month: monthIn(String(record.at), timeZone), amount: Number((record.amount as { amount: number }).amount) };
  }
  if (record.kind === 'feedback' && record.type === 'complaint') return { kind: 'complaint', status: String(record.status) };
  return { kind: 'none' };
};

/** The report facets of a customer image, if the customer exists in it. */
export const customerFacets = async (scope: TenantScope, stored: StoredCustomer | undefined, timeZone: string) =>
  stored ? facetsOf(stored.file, { birthYear: await birthYearOf(scope, stored.file), timeZone }) : undefined;

const addChange = async (scope: TenantScope, deltas: CubeDeltas, change: StreamChange, timeZone: string): Promise<void> => {
  if (change.entity === 'customer') {
    const { before, after } = change.change;
    addProfileChange(deltas, await customerFacets(scope, before, timeZone), await customerFacets(scope, after, timeZone));
  } else {
    addRecordChange(deltas, recordFactsOf(change.change.before, timeZone), recordFactsOf(change.change.after, timeZone));
  }
};

/** Named by the records it holds: a retried batch has the same name, so its parts already applied are skipped. */
const batchIdOf = (tenantId: string, eventIds: string[]): string =>
  createHash('sha256').update(tenantId).update('\u0000').update(eventIds.join('\u0000')).digest('base64url').slice(0, 32);

/**
 * The `roll-up-reports` stream function. Any failure fails the whole batch, which the stream then
 * hands over again unchanged (no bisection, no partial batch response for this function).
 */
export const rollUpReports = async (event: DynamoDBStreamEvent): Promise<void> => {
  const byTenant = new Map<string, { eventIds: string[]; changes: StreamChange[] }>();
  for (const record of event.Records) {
    const change = streamChangeOf(record);
    if (!change) continue;
    const tenant = byTenant.get(change.change.tenantId) ?? { eventIds: [], changes: [] };
    tenant.eventIds.push(record.eventID ?? record.dynamodb?.SequenceNumber ?? '');
    tenant.changes.push(change);
    byTenant.set(change.change.tenantId, tenant);
  }
  const now = new Date();
  for (const [tenantId, { eventIds, changes }] of byTenant) {
    const scope = scopeOfTenant(tenantId);
    // A tenant that is closing has nothing left to report on (its purge must not bring sums back);
    // any other failure fails the batch, which is handed over again.
    const timeZone = (await activeTenantOf(scope))?.timezone;
    if (!timeZone) continue;
    const deltas: CubeDeltas = new Map();
    for (const change of changes) await addChange(scope, deltas, change, timeZone);
    const applied = await addToReports(scope, { id: batchIdOf(tenantId, eventIds), deltas: effectiveDeltas(deltas), now });
    logger.debug('Reports rolled up', { tenantId, changes: changes.length, ...applied });
  }
};
