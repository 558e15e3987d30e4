import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DossierError } from '#shared/domain/errors';
import { documentClient, readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Page, type PageRequest } from './pagination.ts';
import { deleteItem, transactWrite } from './transactions.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * A tenant on its way out, as its item records the close: marked `closing` at `closingSince`
 * (tenant-repository.ts, `markTenantClosing`), its key's deletion scheduled once
 * (`keyDeletionScheduledAt`), its items purged after `purgeAfter`, then `closed` (`purgedAt`).
 */
export interface ClosingTenant {
  id: string;
  status: 'closing' | 'closed';
  keyRef: string;
  closingSince: string;
  purgeAfter: string;
  keyDeletionScheduledAt?: string | undefined;
  /** The tenant's usage key (its plan's throttle in API Gateway): none for tenants that signed up before there were any. */
  usageKeyId?: string | undefined;
  usageKeyRemovedAt?: string | undefined;
  purgedAt?: string | undefined;
}

const closingTenantOf = (item: Record<string, unknown>): ClosingTenant => ({
  id: String(item.id),
  status: item.status as ClosingTenant['status'],
  keyRef: String(item.keyRef),
  closingSince: String(item.closingSince),
  purgeAfter: String(item.purgeAfter),
  keyDeletionScheduledAt: item.keyDeletionScheduledAt as string | undefined,
  usageKeyId: item.usageKeyId as string | undefined,
  usageKeyRemovedAt: item.usageKeyRemovedAt as string | undefined,
  purgedAt: item.purgedAt as string | undefined,
});

/** The tenant if it is closing or closed (strongly consistent: the close may have just been marked). */
export const getClosingTenant = async (scope: TenantScope): Promise<ClosingTenant | undefined> => {
  const item = await readItem(scope, keys.tenant(scope), { consistent: true });
  return item && (item.status === 'closing' || item.status === 'closed') ? closingTenantOf(item) : undefined;
};

/** The ids of the tenants being closed, a page at a time (GSI2 `TENANTS#CLOSING`, never a Scan). */
export const listClosingTenants = (page: PageRequest): Promise<Page<string>> =>
  queryPage(undefined, { index: 'GSI2', partition: keys.closingTenantRegistry, page }, (item) => String(item.id));

/** The steps of a close done outside the table, each recorded once on the tenant item when done. */
export type CloseStep = 'keyDeletionScheduledAt' | 'usageKeyRemovedAt';

/**
 * Records that a step of the close was done (the tenant key's deletion scheduled, its usage key
 * removed), once: a second close that did it too (KMS answers that the key is already pending
 * deletion, API Gateway that the usage key is gone) keeps the first record.
 */
export const recordCloseStep = async (scope: TenantScope, step: CloseStep, at: string): Promise<void> => {
  try {
    await documentClient(scope).send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.tenant(scope),
        UpdateExpression: 'SET #step = :at',
        ConditionExpression: '#status = :closing AND attribute_not_exists(#step)',
        ExpressionAttributeNames: { '#status': 'status', '#step': step },
        ExpressionAttributeValues: { ':at': at, ':closing': 'closing' },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
};

/** Attributes of the tenant item that go when it is purged: what the business told us about itself. */
const purgedAttributes = ['settings', 'name', 'timezone', 'locale', 'country', 'currency', 'ownerCount', 'GSI2PK', 'GSI2SK'];

/**
 * The last step of a close: the wrapped keys go, and the tenant item becomes a tombstone — its id,
 * slug, key reference and the dates of its close — out of every registry. A tombstone is kept so
 * that the key reference and the dates stay for the operator who must answer for the close.
 */
export const markTenantClosed = async (scope: TenantScope, at: string): Promise<void> =>
  transactWrite(scope, [
    deleteItem(keys.tenantKeys(scope)),
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.tenant(scope),
          // Every name a placeholder: several are DynamoDB reserved words.
          UpdateExpression: `SET #status = :closed, purgedAt = :at REMOVE ${purgedAttributes.map((_, at) => `#r${at}`).join(', ')}`,
          ConditionExpression: '#status = :closing',
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(purgedAttributes.map((name, at) => [`#r${at}`, name])) },
          ExpressionAttributeValues: { ':closed': 'closed', ':closing': 'closing', ':at': at },
        },
      },
      onConditionFailed: () => new DossierError('conflict', { detail: 'The tenant is not closing' }),
    },
  ]);
