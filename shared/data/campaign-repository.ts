import type { Campaign, CampaignInvitations } from '#shared/domain/campaign';
import { DossierError } from '#shared/domain/errors';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, transactWrite, type TransactionStep } from './transactions.ts';

const campaignOf = (item: Item): Campaign => {
  const { PK: _pk, SK: _sk, entity: _entity, ...campaign } = item;
  return campaign as Campaign;
};

export const createCampaign = async (scope: TenantScope, campaign: Campaign, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [putIfNew({ ...keys.campaign(scope, campaign.id), entity: 'campaign', ...campaign }), audit]);

export const getCampaign = async (scope: TenantScope, campaignId: string): Promise<Campaign | undefined> => {
  const item = await readItem(scope, keys.campaign(scope, campaignId));
  return item ? campaignOf(item) : undefined;
};

/** Newest first (campaign ids are ULIDs). */
export const listCampaigns = (scope: TenantScope, page: PageRequest): Promise<Page<Campaign>> =>
  queryPage(scope, { partition: keys.campaignsPartition(scope), range: { beginsWith: keys.campaignPrefix }, newestFirst: true, page }, campaignOf);

/** The campaign's invitations: asked for (with the request's other steps), then their progress. */
export const invitationsStep = (scope: TenantScope, campaignId: string, invitations: CampaignInvitations): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.campaign(scope, campaignId),
      UpdateExpression: 'SET invitations = :invitations',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':invitations': invitations },
    },
  },
  onConditionFailed: () => new DossierError('not-found', { detail: 'Campaign not found' }),
});

export const saveInvitations = (scope: TenantScope, campaignId: string, invitations: CampaignInvitations): Promise<void> =>
  transactWrite(scope, [invitationsStep(scope, campaignId, invitations)]);
