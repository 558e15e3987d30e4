import { notFound } from '#shared/domain/errors';
import type { AnyRecordKind, CustomerRecord } from '#shared/domain/records/record-kind';
import { getCustomer } from '#shared/data/customer-repository';
import type { Page, PageRequest } from '#shared/data/pagination';
import { getRecord, listAcrossCustomers, listRecords, listTimeline } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';

const leading = ['id', 'kind', 'customerId', 'at'];
const trailing = ['createdAt', 'createdBy', 'updatedAt', 'version'];

/** A record as the API shows it: its fields in a stable order (ids first, bookkeeping last). */
export const presentRecord = (record: CustomerRecord): CustomerRecord => {
  const middle = Object.keys(record)
    .filter((key) => !leading.includes(key) && !trailing.includes(key))
    .sort();
  return Object.fromEntries(
    [...leading, ...middle, ...trailing].filter((key) => record[key] !== undefined).map((key) => [key, record[key]]),
  ) as CustomerRecord;
};

const requireCustomer = async (scope: TenantScope, customerId: string): Promise<void> => {
  if (!(await getCustomer(scope, customerId))) throw notFound('Customer');
};

export const readRecord = async (scope: TenantScope, kind: AnyRecordKind, customerId: string, recordId: string): Promise<CustomerRecord> => {
  const record = await getRecord(scope, kind, customerId, recordId, true);
  if (!record) throw notFound(kind.singular[0]!.toUpperCase() + kind.singular.slice(1));
  return record;
};

/** One kind of a customer's records, newest first; an unknown or foreign customer is a 404. */
export const listRecordsOf = async (scope: TenantScope, kind: AnyRecordKind, customerId: string, page: PageRequest): Promise<Page<CustomerRecord>> => {
  await requireCustomer(scope, customerId);
  return listRecords(scope, kind, customerId, page);
};

/** Every kind of record of a customer, newest first by when it happened. */
export const timelineOf = async (scope: TenantScope, customerId: string, page: PageRequest): Promise<Page<CustomerRecord>> => {
  await requireCustomer(scope, customerId);
  return listTimeline(scope, customerId, page);
};

/** Feedback across customers by status (newest first), optionally of one type. */
export const listFeedbackAcross = (scope: TenantScope, query: { status: string; type?: string | undefined }, page: PageRequest) =>
  listAcrossCustomers(
    scope,
    { index: 'GSI2', list: `FEEDBACK#${query.status}`, newestFirst: true, ...(query.type ? { where: { type: query.type } } : {}) },
    page,
  );

/** Follow-ups across customers by status, soonest due first, for one assignee or everyone. */
export const listFollowupsAcross = (
  scope: TenantScope,
  query: { status: string; assigneeUserId?: string | undefined; dueBefore?: string | undefined },
  page: PageRequest,
) =>
  listAcrossCustomers(
    scope,
    {
      index: query.assigneeUserId ? 'GSI3' : 'GSI2',
      list: query.assigneeUserId ? `FOLLOWUP#${query.status}#${query.assigneeUserId}` : `FOLLOWUP#${query.status}`,
      before: query.dueBefore ? new Date(query.dueBefore).toISOString() : undefined,
    },
    page,
  );
