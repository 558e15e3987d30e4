import { DossierError } from '#shared/domain/errors';
import type { Webhook } from '#shared/domain/webhooks';
import { readItem, tableName } from './client.ts';
import { deleteItemCollection } from './item-collections.ts';
import { keys } from './keys.ts';
import { queryAll, queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { deleteItem, putIfNew, replaceAtVersion, transactWrite, type TransactionStep } from './transactions.ts';

/**
 * Webhook endpoints, one partition per tenant. The signing secret is stored sealed under the
 * tenant's data key; after a rotation the previous one is kept (sealed) until it expires.
 */
export interface StoredWebhook extends Webhook {
  sealedSecret: string;
  sealedPreviousSecret?: string;
  previousSecretExpiresAt?: string;
}

const itemAttributes = new Set(['PK', 'SK', 'entity']);

/** The endpoint an item holds; the item was written by this module from a `StoredWebhook`. */
const webhookOf = (item: Item): StoredWebhook => Object.fromEntries(Object.entries(item).filter(([name]) => !itemAttributes.has(name))) as StoredWebhook;

const itemOf = (scope: TenantScope, webhook: StoredWebhook) => ({ ...keys.webhook(scope, webhook.id), entity: 'webhook', ...webhook });

const stale = () => new DossierError('precondition-failed');

export const createWebhook = (scope: TenantScope, webhook: StoredWebhook, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [putIfNew(itemOf(scope, webhook)), audit]);

export const getWebhook = async (scope: TenantScope, webhookId: string, consistent = false): Promise<StoredWebhook | undefined> => {
  const item = await readItem(scope, keys.webhook(scope, webhookId), { consistent });
  return item ? webhookOf(item) : undefined;
};

export const listWebhooks = (scope: TenantScope, page: PageRequest): Promise<Page<StoredWebhook>> =>
  queryPage(scope, { partition: keys.webhooksPartition(scope), range: { beginsWith: keys.webhookPrefix }, page }, webhookOf);

/** Every endpoint of the tenant (a handful), to find the ones an event goes to. */
export const allWebhooks = async (scope: TenantScope): Promise<StoredWebhook[]> => {
  const found: StoredWebhook[] = [];
  for await (const item of queryAll(scope, { partition: keys.webhooksPartition(scope), range: { beginsWith: keys.webhookPrefix } })) found.push(webhookOf(item));
  return found;
};

/** Replaces the endpoint if it is still at `before`'s version (412 otherwise). */
export const saveWebhook = (scope: TenantScope, before: StoredWebhook, after: StoredWebhook, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [replaceAtVersion(itemOf(scope, after), before.version, stale), audit]);

/** Deletes the endpoint (at the version read), then its deliveries. */
export const deleteWebhook = async (scope: TenantScope, webhook: StoredWebhook, audit: TransactionStep): Promise<void> => {
  await transactWrite(scope, [deleteItem(keys.webhook(scope, webhook.id), { version: webhook.version, onStale: stale }), audit]);
  await deleteItemCollection(scope, keys.deliveriesPartition(scope, webhook.id));
};

const updateStep = (scope: TenantScope, webhookId: string, update: { expression: string; condition?: string; values?: Record<string, unknown> }): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.webhook(scope, webhookId),
      // Background changes bump the version too, so a PATCH computed before them is not applied over them.
      UpdateExpression: `${update.expression} ADD version :one`,
      ConditionExpression: update.condition ?? 'attribute_exists(PK)',
      ...(`${update.expression} ${update.condition ?? ''}`.includes('#status') ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: { ':one': 1, ...update.values },
    },
  },
  onConditionFailed: () => new DossierError('concurrent-update'),
});

/** The endpoint answered: its run of failures is over. */
export const endpointHealthyStep = (scope: TenantScope, webhookId: string): TransactionStep =>
  updateStep(scope, webhookId, { expression: 'REMOVE failingSince' });

/** The endpoint failed an attempt: its run of failures began at `since` (kept if already running). */
export const endpointFailingStep = (scope: TenantScope, webhookId: string, since: string): TransactionStep =>
  updateStep(scope, webhookId, { expression: 'SET failingSince = if_not_exists(failingSince, :since)', values: { ':since': since } });

/** Disables an enabled endpoint; if another attempt disabled it first, the caller's race is lost. */
export const disableEndpointStep = (scope: TenantScope, webhookId: string, change: { reason: string; at: string }): TransactionStep =>
  updateStep(scope, webhookId, {
    expression: 'SET #status = :disabled, disabledReason = :reason, updatedAt = :at',
    condition: '#status = :enabled',
    values: { ':disabled': 'disabled', ':enabled': 'enabled', ':reason': change.reason, ':at': change.at },
  });

/**
 * Disables every enabled endpoint of the tenant (a closing tenant's): nothing more is sent to
 * them, and due deliveries fail without a request. No `webhook.disabled` event: the tenant is gone.
 */
export const disableEveryWebhook = async (scope: TenantScope, change: { reason: string; at: string }): Promise<void> => {
  for (const webhook of await allWebhooks(scope)) {
    if (webhook.status !== 'enabled') continue;
    try {
      await transactWrite(scope, [disableEndpointStep(scope, webhook.id, change)]);
    } catch (error) {
      // Disabled (or deleted) meanwhile: what this step wanted.
      if (!(error instanceof DossierError && error.code === 'concurrent-update')) throw error;
    }
  }
};
