import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Campaign } from '#shared/domain/campaign';
import { documentClient, tableName } from './client.ts';
import { keys } from './keys.ts';
import { pageOf, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { transactWrite, type TransactionStep } from './transactions.ts';

const campaignOf = (item: Record<string, unknown>): Campaign => {
  const { PK: _pk, SK: _sk, entity: _entity, ...campaign } = item;
  return campaign as unknown as Campaign;
};

export const createCampaign = async (scope: TenantScope, campaign: Campaign, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: { ...keys.campaign(scope, campaign.id), entity: 'campaign', ...campaign },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    audit,
  ]);

export const getCampaign = async (scope: TenantScope, campaignId: string): Promise<Campaign | undefined> => {
  const result = await documentClient(scope).send(new GetCommand({ TableName: tableName(), Key: keys.campaign(scope, campaignId) }));
  return result.Item ? campaignOf(result.Item) : undefined;
};

/** Newest first (campaign ids are ULIDs). */
export const listCampaigns = async (scope: TenantScope, page: PageRequest): Promise<Page<Campaign>> => {
  const result = await documentClient(scope).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.campaignsPartition(scope), ':prefix': keys.campaignPrefix },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return pageOf(result, campaignOf);
};
