import { actorOf } from '#shared/domain/access';
import { DossierError, isDossierError, notFound } from '#shared/domain/errors';
import type { WorkEvent } from '#shared/domain/events';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { Segment, SegmentFilter, SegmentInput, SegmentPatch } from '#shared/domain/segments';
import { outboxStep } from '#shared/data/outbox';
import type { Page, PageRequest } from '#shared/data/pagination';
import { createSegmentStep, deleteSegmentStep, getSegment, listSegments, markCountingStep, replaceSegmentStep, saveSegmentSizeStep } from '#shared/data/segment-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { getUser } from '#shared/data/user-repository';
import { newWorkEvent } from '#shared/events/event-catalogue';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import { retryingRaces } from './optimistic-retry.ts';
import type { Caller } from './caller.ts';
import { segmentMembers } from './segment-members.ts';

/**
 * Saved segments. A segment's size is a count of its members, which is a walk of what its plan
 * reads: it is made in the background (the `count-segment` work a change asks for in its own
 * transaction) and shown with the time it was counted.
 */

const checkOwner = async (scope: TenantScope, filter: SegmentFilter | undefined): Promise<void> => {
  if (filter?.ownerUserId && !(await getUser(scope, filter.ownerUserId))) {
    throw new DossierError('validation-failed', { errors: [{ path: 'filter.ownerUserId', message: 'No such user in this tenant' }] });
  }
};

const countRequest = (caller: Caller, segment: Segment) =>
  outboxStep(caller.scope, [newWorkEvent(caller.scope.tenantId, { type: 'segment.count_requested', data: { segmentId: segment.id, version: segment.filterVersion } }, caller.meta.now)]);

export const createSegment = async (caller: Caller, input: SegmentInput): Promise<Segment> => {
  const { scope, principal, meta } = caller;
  await checkOwner(scope, input.filter);
  const now = meta.now.toISOString();
  const segment: Segment = {
    id: newId('segment', meta.now.getTime()),
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    filter: input.filter,
    size: { count: null, countedAt: null, status: 'counting' },
    version: 1,
    filterVersion: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: actorOf(principal).id,
  };
  await transactWrite(scope, [
    createSegmentStep(scope, segment),
    ...countRequest(caller, segment),
    auditStepOf(caller, 'segment.created', { target: { type: 'segment', id: segment.id } }),
  ]);
  return segment;
};

export const readSegment = async (caller: Caller, request: { segmentId: string }): Promise<Segment> => {
  const segment = await getSegment(caller.scope, request.segmentId, true);
  if (!segment) throw notFound('Segment');
  return segment;
};

export const listTenantSegments = (caller: Caller, request: { page: PageRequest }): Promise<Page<Segment>> => listSegments(caller.scope, request.page);

/** A change of name, description or filter; a new filter is counted again. */
export const changeSegment = (caller: Caller, request: { segmentId: string; patch: SegmentPatch; ifMatch?: number | undefined }): Promise<Segment> =>
  // Without If-Match, a change made meanwhile is read again and this one applied over it.
  retryingRaces(() => applySegmentChange(caller, request), { retryStale: request.ifMatch === undefined });

const applySegmentChange = async (caller: Caller, request: { segmentId: string; patch: SegmentPatch; ifMatch?: number | undefined }): Promise<Segment> => {
  const { scope, meta } = caller;
  const before = await readSegment(caller, request);
  if (request.ifMatch !== undefined && request.ifMatch !== before.version) throw new DossierError('precondition-failed');
  await checkOwner(scope, request.patch.filter);
  const { description, ...rest } = request.patch;
  const after: Segment = {
    ...before,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    version: before.version + 1,
    updatedAt: meta.now.toISOString(),
    ...(request.patch.filter ? { filterVersion: before.version + 1, size: { ...before.size, status: 'counting' as const } } : {}),
  };
  if (description === null) delete after.description;
  else if (description !== undefined) after.description = description;
  await transactWrite(scope, [
    replaceSegmentStep(scope, before, after),
    ...(request.patch.filter ? countRequest(caller, after) : []),
    auditStepOf(caller, 'segment.updated', { target: { type: 'segment', id: after.id }, details: { fields: Object.keys(request.patch) } }),
  ]);
  return after;
};

/** Deletes it; without If-Match, whatever version it has reached (a change made meanwhile is read again). */
export const removeSegment = (caller: Caller, request: { segmentId: string; ifMatch?: number | undefined }): Promise<void> =>
  retryingRaces(
    async () => {
      const segment = await readSegment(caller, request);
      if (request.ifMatch !== undefined && request.ifMatch !== segment.version) throw new DossierError('precondition-failed');
      await transactWrite(caller.scope, [deleteSegmentStep(caller.scope, segment), auditStepOf(caller, 'segment.deleted', { target: { type: 'segment', id: segment.id } })]);
    },
    { retryStale: request.ifMatch === undefined },
  );

/** `POST /v1/segments/{id}/count`: counts it again now (in the background); answers with the segment, `counting`. */
export const requestSegmentCount = async (caller: Caller, request: { segmentId: string }): Promise<Segment> => {
  const segment = await readSegment(caller, request);
  await transactWrite(caller.scope, [markCountingStep(caller.scope, segment), ...countRequest(caller, segment)]);
  return { ...segment, size: { ...segment.size, status: 'counting' } };
};

/**
 * The `count-segment` work: walks the segment's members and stores the count, unless the segment
 * changed meanwhile (its own request for a count follows). Running twice only counts twice.
 */
export const countSegment = async (event: WorkEvent<'segment.count_requested'>, meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  const segment = await getSegment(scope, event.data.segmentId, true);
  if (!segment || segment.filterVersion !== event.data.version) return;
  let count = 0;
  for await (const _member of segmentMembers(scope, segment.filter)) count += 1;
  try {
    await transactWrite(scope, [saveSegmentSizeStep(scope, { id: segment.id, filterVersion: event.data.version }, { count, countedAt: meta.now.toISOString() })]);
  } catch (error) {
    if (!(isDossierError(error) && error.code === 'precondition-failed')) throw error;
  }
};
