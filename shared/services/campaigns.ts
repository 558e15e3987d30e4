import { actorOf } from '#shared/domain/access';
import type { Campaign, CampaignInput } from '#shared/domain/campaign';
import { DossierError, notFound } from '#shared/domain/errors';
import { createCampaign, getCampaign } from '#shared/data/campaign-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';

export const openCampaign = async (caller: Caller, input: CampaignInput): Promise<Campaign> => {
  const { scope, principal, meta } = caller;
  const campaign: Campaign = { id: newId('campaign', meta.now.getTime()), ...input, createdAt: meta.now.toISOString(), createdBy: actorOf(principal).id };
  await createCampaign(scope, campaign, auditStepOf(caller, 'record.created', { target: { type: 'campaign', id: campaign.id } }));
  return campaign;
};

export const readCampaign = async (caller: Caller, input: { campaignId: string }): Promise<Campaign> => {
  const campaign = await getCampaign(caller.scope, input.campaignId);
  if (!campaign) throw notFound('Campaign');
  return campaign;
};

/** A participation names a campaign of the same tenant; anything else is a field error. */
export const requireCampaign = async (scope: TenantScope, campaignId: string): Promise<void> => {
  if (!(await getCampaign(scope, campaignId))) {
    throw new DossierError('validation-failed', { errors: [{ path: 'campaignId', message: 'No such campaign in this tenant' }] });
  }
};
