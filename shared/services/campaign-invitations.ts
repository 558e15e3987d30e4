import type { Campaign, CampaignInvitations } from '#shared/domain/campaign';
import { DossierError, isDossierError, notFound } from '#shared/domain/errors';
import type { WorkEvent } from '#shared/domain/events';
import type { RequestMeta } from '#shared/domain/request-meta';
import { getCampaign, invitationsStep, saveInvitations } from '#shared/data/campaign-repository';
import { getSegment } from '#shared/data/segment-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newWorkEvent } from '#shared/events/event-catalogue';
import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { changeStepsOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { addRecord } from './record-writes.ts';
import { viewerLimit } from './customer-visibility.ts';
import { segmentMembers } from './segment-members.ts';

/**
 * A campaign's invitations to a segment's members: one `invited` participation per member, made
 * in the background (a segment can hold tens of thousands), their progress on the campaign
 * (`GET /v1/campaigns/{id}`, `invitations`). Each is an ordinary participation record, whose
 * per-customer guard makes a second invitation of the same customer a 409: that member counts as
 * already invited, so inviting a segment again (or after it grew) invites only the newcomers.
 */
const PROGRESS_EVERY = 200;
const CONCURRENCY = 4;

/** `POST /v1/campaigns/{id}/invite`: answers the campaign with its invitations `queued`. */
export const inviteSegment = async (caller: Caller, request: { campaignId: string; segmentId: string }): Promise<Campaign> => {
  const { scope, principal, meta } = caller;
  const campaign = await getCampaign(scope, request.campaignId);
  if (!campaign) throw notFound('Campaign');
  if (!(await getSegment(scope, request.segmentId))) {
    throw new DossierError('validation-failed', { errors: [{ path: 'segmentId', message: 'No such segment in this tenant' }] });
  }
  const invitations: CampaignInvitations = { segmentId: request.segmentId, status: 'queued', invited: 0, alreadyInvited: 0, failed: 0, requestedAt: meta.now.toISOString() };
  await transactWrite(scope, [
    invitationsStep(scope, request.campaignId, invitations),
    ...changeStepsOf(caller, [newWorkEvent(scope.tenantId, { type: 'invitations.requested', data: { ...request, requestedBy: principal } }, meta.now)], 'campaign.invitations_requested', { target: { type: 'campaign', id: request.campaignId }, details: { segmentId: request.segmentId } }),
  ]);
  return { ...campaign, invitations };
};

/** The `invitations.requested` work. Run twice, it invites nobody twice (the participation guard). */
export const runInvitations = async (event: WorkEvent<'invitations.requested'>, meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  const { campaignId, segmentId } = event.data;
  const campaign = await getCampaign(scope, campaignId);
  if (!campaign?.invitations || campaign.invitations.segmentId !== segmentId || campaign.invitations.status === 'completed') return;
  const progress: CampaignInvitations = { ...campaign.invitations, status: 'running', invited: 0, alreadyInvited: 0, failed: 0 };
  const segment = await getSegment(scope, segmentId, true);
  if (!segment) {
    await saveInvitations(scope, campaignId, { ...progress, status: 'failed', completedAt: meta.now.toISOString() });
    return;
  }
  await saveInvitations(scope, campaignId, progress);
  const caller: Caller = { scope, principal: event.data.requestedBy, meta: { ...meta, userAgent: `invitations ${campaignId}` } };
  const members: string[] = [];
  // Only the customers whoever asked may see (and so add a participation to).
  for await (const member of segmentMembers(scope, segment.filter, { visibleTo: await viewerLimit(caller) })) members.push(member.id);
  await forEachConcurrently(0, members.length, CONCURRENCY, async (at) => {
    try {
      await addRecord(caller, { kind: 'participations', customerId: members[at]!, input: { campaignId, status: 'invited' } });
      progress.invited += 1;
    } catch (error) {
      if (isDossierError(error) && error.code === 'duplicate') progress.alreadyInvited += 1;
      else if (isDossierError(error) && error.status < 500) progress.failed += 1;
      else throw error;
    }
    if ((progress.invited + progress.alreadyInvited + progress.failed) % PROGRESS_EVERY === 0) await saveInvitations(scope, campaignId, { ...progress });
  });
  await saveInvitations(scope, campaignId, { ...progress, status: 'completed', completedAt: new Date().toISOString() });
};
