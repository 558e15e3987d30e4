import { notFound } from '#shared/domain/errors';
import type { feedbackStatuses, feedbackTypes } from '#shared/domain/records/feedback';
import { feedbackByStatus } from '#shared/domain/records/feedback';
import { followupsByAssignee, followupsByStatus, type followupStatuses } from '#shared/domain/records/followups';
import { recordKinds, type CustomerRecord, type RecordKindName } from '#shared/domain/records/record-kinds';
import { closingCustomers, getCustomer } from '#shared/data/customer-repository';
import type { Page, PageRequest } from '#shared/data/pagination';
import { getRecord, listAcrossCustomers, listRecords, listTimeline } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import type { Caller } from './caller.ts';
import { visibleRecords } from './customer-visibility.ts';

const leading = ['id', 'kind', 'customerId', 'occurredAt', 'at'];
const trailing = ['createdAt', 'createdBy', 'updatedAt', 'version'];

/** A record as the API shows it: its fields in a stable order (ids first, bookkeeping last). */
export const presentRecord = <R extends CustomerRecord>(record: R): R => {
  // Records kept before `occurredAt` existed have only `at`, the same instant.
  const fields: Record<string, unknown> = { ...record, occurredAt: record.occurredAt ?? record.at };
  const middle = Object.keys(fields)
    .filter((key) => !leading.includes(key) && !trailing.includes(key))
    .sort();
  // The same fields in another order: still an R.
  return Object.fromEntries([...leading, ...middle, ...trailing].filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]])) as unknown as R;
};

const requireCustomer = async (scope: TenantScope, customerId: string): Promise<void> => {
  if (!(await getCustomer(scope, customerId))) throw notFound('Customer');
};

export const readRecord = async (caller: Caller, where: { kind: RecordKindName; customerId: string; recordId: string }) => {
  const record = await getRecord(caller.scope, where.kind, where, true);
  if (!record) {
    const singular = recordKinds[where.kind].singular;
    throw notFound(singular.charAt(0).toUpperCase() + singular.slice(1));
  }
  return record;
};

/** One kind of a customer's records, newest first; an unknown or foreign customer is a 404. */
export const listRecordsOf = async (caller: Caller, request: { kind: RecordKindName; customerId: string; page: PageRequest }): Promise<Page<CustomerRecord>> => {
  await requireCustomer(caller.scope, request.customerId);
  return listRecords(caller.scope, request, request.page);
};

/** Every kind of record of a customer, newest first by when it happened. */
export const timelineOf = async (caller: Caller, request: { customerId: string; page: PageRequest }): Promise<Page<CustomerRecord>> => {
  await requireCustomer(caller.scope, request.customerId);
  return listTimeline(caller.scope, request.customerId, request.page);
};

export interface FeedbackQuery {
  status: (typeof feedbackStatuses)[number];
  type?: (typeof feedbackTypes)[number] | undefined;
}

/**
 * A page of a list across customers without the records of customers being erased or merged away
 * (their closing has begun; the records are on their way out or to the survivor), nor those of
 * customers the caller may not see (an agent limited to their own).
 */
const shownTo = async <R extends CustomerRecord>(caller: Caller, pending: Promise<Page<R>>): Promise<Page<R>> => {
  const [page, closing] = await Promise.all([pending, closingCustomers(caller.scope)]);
  const open = closing.size === 0 ? page.items : page.items.filter((record) => !closing.has(record.customerId));
  return { ...page, items: await visibleRecords(caller, open) };
};

/** Feedback across customers by status (newest first), optionally of one type. */
export const listFeedbackAcross = (caller: Caller, request: { query: FeedbackQuery; page: PageRequest }) =>
  shownTo(caller, listAcrossCustomers(
    caller.scope,
    {
      list: feedbackByStatus,
      partition: { status: request.query.status },
      newestFirst: true,
      where: request.query.type ? { type: request.query.type } : undefined,
    },
    request.page,
  ));

export interface FollowupQuery {
  status: (typeof followupStatuses)[number];
  assigneeUserId?: string | undefined;
  dueBefore?: string | undefined;
}

/** Follow-ups across customers by status, soonest due first, for one assignee or everyone. */
export const listFollowupsAcross = (caller: Caller, request: { query: FollowupQuery; page: PageRequest }) => {
  const { status, assigneeUserId, dueBefore } = request.query;
  return shownTo(
    caller,
    listAcrossCustomers(
      caller.scope,
      {
        list: assigneeUserId ? followupsByAssignee : followupsByStatus,
        partition: { status, assigneeUserId },
        before: dueBefore ? new Date(dueBefore).toISOString() : undefined,
      },
      request.page,
    ),
  );
};
