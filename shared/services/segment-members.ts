import { presentSummary } from '#shared/domain/customer-file';
import type { CustomerSummary } from '#shared/domain/customer-view';
import { notFound } from '#shared/domain/errors';
import { cardDecides, matchesCard, matchesSegment, planOf, type Segment, type SegmentFilter } from '#shared/domain/segments';
import type { StoredCustomer } from '#shared/data/customer-repository';
import type { Page, PageRequest, StartKey } from '#shared/data/pagination';
import { candidatePagesFrom, profilesOf, type Candidate, type CandidateCursor, type CandidateSource } from '#shared/data/segment-candidates';
import { getSegment } from '#shared/data/segment-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import type { Caller } from './caller.ts';
import { blindIndexOf } from './customer-secrets.ts';
import { viewerLimit } from './customer-visibility.ts';

/**
 * A segment's members, read through its plan (`planOf`): a range of the customer listing the plan
 * names, each customer checked first against what its card answers (`matchesCard`), then — only
 * when the filter needs more (gender, province, source, figures the listing lacks) or the caller
 * needs the whole file — against the whole filter on its profile, read by key. Never a Scan: the
 * widest plan is a Query of the tenant's customer listing.
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

/** A member as a listing shows it, and its whole profile when it was read (or asked for). */
export interface Member {
  id: string;
  summary: CustomerSummary;
  stored?: StoredCustomer | undefined;
}

export interface MemberOptions {
  /** Only the customers this agent sees (the tenant's `visibility: own`, customer-visibility.ts). */
  visibleTo?: string | undefined;
  /** Read every member's profile (exports, a segment's pivot): the card alone won't do. */
  profiles?: boolean;
}

/** The members among one page of candidates, in its order, each with the candidate it came from. */
const membersOf = async (scope: TenantScope, filter: SegmentFilter, candidates: Candidate[], options: MemberOptions): Promise<{ member: Member | undefined; candidate: Candidate }[]> => {
  const access = planOf(filter);
  const plausible = (candidate: Candidate) =>
    // As the listings filter for `visibility: own` (customer-listings.ts): owned, or followed up by them.
    (options.visibleTo === undefined || candidate.card.ownerUserId === options.visibleTo || candidate.followers[options.visibleTo] !== undefined) &&
    matchesCard(candidate.card, candidate.stats, filter);
  const kept = candidates.filter(plausible);
  const needProfiles = options.profiles === true || kept.some((candidate) => !cardDecides(filter, access, candidate.stats !== undefined));
  const profiles = needProfiles && kept.length > 0 ? await profilesOf(scope, kept.map((candidate) => candidate.id)) : undefined;
  return candidates.map((candidate) => {
    if (!kept.includes(candidate)) return { member: undefined, candidate };
    const summary = presentSummary(candidate.id, candidate.card);
    if (!profiles) return { member: { id: candidate.id, summary }, candidate };
    const stored = profiles.get(candidate.id);
    return { member: stored && matchesSegment(stored.file, filter) ? { id: candidate.id, summary, stored } : undefined, candidate };
  });
};

/**
 * Every member of a segment, in the plan's order (exports, counts, invitations, a segment's pivot);
 * with `visibleTo`, only those that agent sees.
 */
export async function* segmentMembers(scope: TenantScope, filter: SegmentFilter, options: MemberOptions = {}): AsyncGenerator<Member> {
  for await (const candidates of candidatePagesFrom(scope, await candidateSourceOf(scope, filter), { pageSize: 500 })) {
    for (const { member } of await membersOf(scope, filter, candidates, options)) if (member) yield member;
  }
}

/** Every member with its profile (exports, a segment's pivot). */
export async function* segmentMemberProfiles(scope: TenantScope, filter: SegmentFilter, options: Omit<MemberOptions, 'profiles'> = {}): AsyncGenerator<StoredCustomer> {
  for await (const member of segmentMembers(scope, filter, { ...options, profiles: true })) if (member.stored) yield member.stored;
}

/**
 * One page of members: up to `limit` of them, reading at most `MAX_READ_PER_PAGE` customers. The
 * cursor resumes after the last customer read, so a page may hold fewer than `limit` members (even
 * none) while the list goes on, as with the other filtered lists.
 */
export const segmentMembersPage = async (
  scope: TenantScope,
  request: { filter: SegmentFilter; page: PageRequest; visibleTo?: string | undefined; alsoMatching?: (member: Member) => boolean },
): Promise<Page<Member>> => {
  const items: Member[] = [];
  let read = 0;
  const start = request.page.startKey as CandidateCursor | undefined;
  const source = await candidateSourceOf(scope, request.filter);
  for await (const candidates of candidatePagesFrom(scope, source, { start, pageSize: Math.min(request.page.limit * 2, 200) })) {
    for (const { member, candidate } of await membersOf(scope, request.filter, candidates, { visibleTo: request.visibleTo })) {
      read += 1;
      if (member && (request.alsoMatching?.(member) ?? true)) items.push(member);
      if (items.length >= request.page.limit || read >= MAX_READ_PER_PAGE) return { items, lastKey: candidate.after as StartKey };
    }
  }
  return { items };
};

/** `GET /v1/segments/{id}/customers`: a page of the members the caller sees, as a list shows them. */
export const listSegmentCustomers = async (caller: Caller, request: { segmentId: string; page: PageRequest }): Promise<Page<CustomerSummary>> => {
  const [segment, visibleTo] = await Promise.all([requireSegment(caller.scope, request.segmentId), viewerLimit(caller)]);
  const page = await segmentMembersPage(caller.scope, { filter: segment.filter, page: request.page, visibleTo });
  return { items: page.items.map((member) => member.summary), lastKey: page.lastKey };
};
