import { DossierError } from '#shared/domain/errors';
import type { Notification } from '#shared/domain/notifications';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Item, type Page, type PageRequest } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, transactWrite } from './transactions.ts';

/**
 * Staff users' in-app notifications (keys.notification): unread under `U#`, read under `R#`.
 * Marking one read moves it; writing one is conditional on neither existing, so an event that
 * arrives twice notifies once, even after the first notification was read.
 */
const itemAttributes = new Set(['PK', 'SK', 'entity', 'userId']);

const notificationOf = (item: Item): Notification =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !itemAttributes.has(name))) as Notification;

/** Writes a notification for a user unless that event already notified them; answers whether it wrote. */
export const notifyUser = async (scope: TenantScope, userId: string, notification: Notification): Promise<boolean> => {
  try {
    await transactWrite(scope, [
      putIfNew({ ...keys.notification(scope, userId, notification.id, false), entity: 'notification', userId, ...notification }),
      {
        item: { ConditionCheck: { TableName: tableName(), Key: keys.notification(scope, userId, notification.id, true), ConditionExpression: 'attribute_not_exists(PK)' } },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof DossierError && error.code === 'conflict') return false;
    throw error;
  }
};

/** One page of a user's notifications, unread first, newest first within each. */
export const listNotifications = async (scope: TenantScope, userId: string, page: PageRequest): Promise<Page<Notification>> => {
  const partition = keys.notificationsPartition(scope, userId);
  const inRead = typeof page.startKey?.SK === 'string' && page.startKey.SK.startsWith(keys.readPrefix);
  const unread = inRead ? { items: [] } : await queryPage(scope, { partition, range: { beginsWith: keys.unreadPrefix }, newestFirst: true, page }, notificationOf);
  if (unread.lastKey || unread.items.length >= page.limit) return unread;
  const rest = await queryPage(
    scope,
    { partition, range: { beginsWith: keys.readPrefix }, newestFirst: true, page: { limit: page.limit - unread.items.length, startKey: inRead ? page.startKey : undefined } },
    notificationOf,
  );
  return { items: [...unread.items, ...rest.items], lastKey: rest.lastKey };
};

/** A user's notification, read or not. */
export const getNotification = async (scope: TenantScope, userId: string, notificationId: string): Promise<Notification | undefined> => {
  for (const read of [false, true]) {
    const item = await readItem(scope, keys.notification(scope, userId, notificationId, read), { consistent: true });
    if (item) return notificationOf(item);
  }
  return undefined;
};

/** Moves an unread notification to the read ones (both keys in one transaction). */
export const markNotificationRead = async (scope: TenantScope, userId: string, notification: Notification, readAt: string): Promise<Notification> => {
  const read: Notification = { ...notification, read: true, readAt };
  await transactWrite(scope, [
    {
      item: { Delete: { TableName: tableName(), Key: keys.notification(scope, userId, notification.id, false), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => new DossierError('concurrent-update'),
    },
    putIfNew({ ...keys.notification(scope, userId, notification.id, true), entity: 'notification', userId, ...read }),
  ]);
  return read;
};
