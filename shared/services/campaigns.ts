import { actorOf, type Principal } from '#shared/domain/access';
import type { Campaign, CampaignInput } from '#shared/domain/campaign';
import { DossierError, notFound } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { createCampaign, getCampaign } from '#shared/data/campaign-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';

export const openCampaign = async (scope: TenantScope, principal: Principal, input: CampaignInput, meta: RequestMeta): Promise<Campaign> => {
  const campaign: Campaign = { id: newId('campaign', meta.now.getTime()), ...input, createdAt: meta.now.toISOString(), createdBy: actorOf(principal).id };
  await createCampaign(scope, campaign, auditStepOf(scope, meta, principal, 'record.created', { target: { type: 'campaign', id: campaign.id } }));
  return campaign;
};

export const readCampaign = async (scope: TenantScope, campaignId: string): Promise<Campaign> => {
  const campaign = await getCampaign(scope, campaignId);
  if (!campaign) throw notFound('Campaign');
  return campaign;
};

/** A participation names a campaign of the same tenant; anything else is a field error. */
export const requireCampaign = async (scope: TenantScope, campaignId: string): Promise<void> => {
  if (!(await getCampaign(scope, campaignId))) {
    throw new DossierError('validation-failed', { errors: [{ path: 'campaignId', message: 'No such campaign in this tenant' }] });
  }
};
