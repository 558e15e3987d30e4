import type { Campaign } from '#shared/domain/campaign';
import { readItem } from './client.ts';
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
