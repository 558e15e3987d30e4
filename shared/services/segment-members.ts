import { presentCustomer } from '#shared/domain/customer-file';
import type { CustomerView } from '#shared/domain/customer-view';
import { notFound } from '#shared/domain/errors';
import { matchesSegment, planOf, type Segment, type SegmentFilter } from '#shared/domain/segments';
import type { StoredCustomer } from '#shared/data/customer-repository';
import type { Page, PageRequest, StartKey } from '#shared/data/pagination';
import { candidatesFrom, type CandidateCursor, type CandidateSource } from '#shared/data/segment-candidates';
import { getSegment } from '#shared/data/segment-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import type { Caller } from './caller.ts';
import { blindIndexOf } from './customer-secrets.ts';
import { isVisibleTo, viewerLimit } from './customer-visibility.ts';

/**
 * A segment's members, read through its plan (`planOf`): the index the plan names, and every
 * customer it reads checked against the whole filter. Never a Scan: the widest plan is a Query of
 * the tenant's customer listing.
 */

/** A page reads at most this many customers, so a rare match can't make one request read a whole tenant. */
const MAX_READ_PER_PAGE = 1000;

/** The plan's index, with a birthday month's month-days turned into their blind indexes. */
export const candidateSourceOf = async (scope: TenantScope, filter: SegmentFilter): Promise<CandidateSource> => {
  const access = planOf(filter);
  if (access.index !== 'birthday') return access;
  return { index: 'birthday', blindIndexes: await Promise.all(access.monthDays.map((monthDay) => blindIndexOf(scope, 'birthday-md', monthDay))) };
};

export const requireSegment = async (scope: TenantScope, segmentId: string): Promise<Segment> => {
  const segment = await getSegment(scope, segmentId);
  if (!segment) throw notFound('Segment');
  return segment;
};

/**
 * Every member of a segment, in the plan's order (exports, counts, invitations, a segment's pivot);
 * with `visibleTo`, only those that agent sees (the tenant's `visibility: own`, customer-visibility.ts).
 */
export async function* segmentMembers(scope: TenantScope, filter: SegmentFilter, options: { visibleTo?: string | undefined } = {}): AsyncGenerator<StoredCustomer> {
  for await (const { customer } of candidatesFrom(scope, await candidateSourceOf(scope, filter), { pageSize: 500 })) {
    if (matchesSegment(customer.file, filter) && isVisibleTo(options.visibleTo, customer)) yield customer;
  }
}

/**
 * One page of members: up to `limit` of them, reading at most `MAX_READ_PER_PAGE` customers. The
 * cursor resumes after the last customer read, so a page may hold fewer than `limit` members (even
 * none) while the list goes on, as with the other filtered lists.
 */
export const segmentMembersPage = async (
  scope: TenantScope,
  request: { filter: SegmentFilter; page: PageRequest; visibleTo?: string | undefined; alsoMatching?: (customer: StoredCustomer) => boolean },
): Promise<Page<StoredCustomer>> => {
  const items: StoredCustomer[] = [];
  let read = 0;
  let last: CandidateCursor | undefined;
  const start = request.page.startKey as CandidateCursor | undefined;
  for await (const { customer, after } of candidatesFrom(scope, await candidateSourceOf(scope, request.filter), { start, pageSize: Math.min(request.page.limit * 2, 200) })) {
    read += 1;
    last = after;
    if (matchesSegment(customer.file, request.filter) && isVisibleTo(request.visibleTo, customer) && (request.alsoMatching?.(customer) ?? true)) items.push(customer);
    if (items.length >= request.page.limit || read >= MAX_READ_PER_PAGE) return { items, lastKey: last as StartKey };
  }
  return { items };
};

/** `GET /v1/segments/{id}/customers`: a page of the members the caller sees, masked. */
export const listSegmentCustomers = async (caller: Caller, request: { segmentId: string; page: PageRequest }): Promise<Page<CustomerView>> => {
  const [segment, visibleTo] = await Promise.all([requireSegment(caller.scope, request.segmentId), viewerLimit(caller)]);
  const page = await segmentMembersPage(caller.scope, { filter: segment.filter, page: request.page, visibleTo });
  return { items: page.items.map((customer) => presentCustomer(customer.file, customer.file.masked)), lastKey: page.lastKey };
};
