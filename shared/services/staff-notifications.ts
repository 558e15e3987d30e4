import type { Role } from '#shared/domain/access';
import { notFound } from '#shared/domain/errors';
import type { DossierEvent } from '#shared/domain/events';
import { adminRoles, managerRoles, notificationTitle, type Notification, type NotificationKind } from '#shared/domain/notifications';
import type { RequestMeta } from '#shared/domain/request-meta';
import { getCustomer } from '#shared/data/customer-repository';
import { getNotification, listNotifications, markNotificationRead, notifyUser } from '#shared/data/notification-repository';
import type { Page, PageRequest, StartKey } from '#shared/data/pagination';
import { getRecord } from '#shared/data/record-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { getUser, listUsers } from '#shared/data/user-repository';
import type { Caller } from './caller.ts';
import { activeTenantOf } from './tenant-context.ts';

/** The tenant's active staff with one of `roles`. */
const staffWith = async (scope: TenantScope, roles: readonly Role[]): Promise<string[]> => {
  const found: string[] = [];
  let startKey: StartKey | undefined;
  do {
    const page = await listUsers(scope, { limit: 200, startKey });
    found.push(...page.items.filter((user) => !user.disabled && roles.includes(user.role)).map((user) => user.id));
    startKey = page.lastKey;
  } while (startKey);
  return found;
};

const activeUser = async (scope: TenantScope, userId: string | undefined): Promise<string | undefined> =>
  userId && (await getUser(scope, userId))?.disabled === false ? userId : undefined;

/** Who an event tells, and what: the follow-up's assignee (or its customer's owner, or the managers), the managers, the admins. */
const noticeOf = async (scope: TenantScope, event: DossierEvent): Promise<{ kind: NotificationKind; recipients: string[]; subject: string; customerId?: string; link: string } | undefined> => {
  if (event.type === 'followup.due' || event.type === 'followup.overdue') {
    const { customerId, recordId } = event.data;
    const followup = await getRecord(scope, 'followups', { customerId, recordId });
    if (!followup) return undefined;
    const link = `/customers/${customerId}`;
    if (event.type === 'followup.overdue') return { kind: 'followup_overdue', recipients: await staffWith(scope, managerRoles), subject: followup.title, customerId, link };
    const owner = (await getCustomer(scope, customerId))?.file.plain.ownerUserId;
    const holder = (await activeUser(scope, followup.assigneeUserId)) ?? (await activeUser(scope, owner));
    return { kind: 'followup_due', recipients: holder ? [holder] : await staffWith(scope, managerRoles), subject: followup.title, customerId, link };
  }
  if (event.type === 'webhook.disabled') {
    return { kind: 'webhook_disabled', recipients: await staffWith(scope, adminRoles), subject: event.data.reason, link: '/settings' };
  }
  return undefined;
};

/**
 * The `notify-staff` consumer: in-app notifications for the events staff must act on. One per
 * event and recipient (its id is the event's), so an event delivered twice notifies once.
 */
export const notifyStaff = async (event: DossierEvent, _meta: RequestMeta): Promise<void> => {
  const scope = scopeOfTenant(event.tenantId);
  // A closing tenant's staff are being removed: nobody to tell.
  const tenant = await activeTenantOf(scope);
  if (!tenant) return;
  const notice = await noticeOf(scope, event);
  if (!notice) return;
  const { locale } = tenant;
  const notification: Notification = {
    id: `ntf_${event.id.slice(event.id.indexOf('_') + 1)}`,
    kind: notice.kind,
    title: notificationTitle(notice.kind, notice.subject, locale),
    link: notice.link,
    ...(notice.customerId ? { customerId: notice.customerId } : {}),
    read: false,
    createdAt: event.occurredAt,
  };
  for (const userId of notice.recipients) await notifyUser(scope, userId, notification);
};

/** The caller's notifications, unread first; an API key has none. */
export const listMyNotifications = async (caller: Caller, request: { page: PageRequest }): Promise<Page<Notification>> =>
  caller.principal.kind === 'user' ? listNotifications(caller.scope, caller.principal.userId, request.page) : { items: [] };

/** Marks one of the caller's notifications read (reading it twice is no error). */
export const readNotification = async (caller: Caller, request: { notificationId: string }): Promise<Notification> => {
  const notification = caller.principal.kind === 'user' ? await getNotification(caller.scope, caller.principal.userId, request.notificationId) : undefined;
  if (!notification || caller.principal.kind !== 'user') throw notFound('Notification');
  if (notification.read) return notification;
  return markNotificationRead(caller.scope, caller.principal.userId, notification, caller.meta.now.toISOString());
};
