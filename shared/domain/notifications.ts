import * as z from 'zod';
import type { Role } from './access.ts';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

/**
 * In-app notifications for staff: a follow-up of theirs came due, one of the tenant's was escalated,
 * a webhook endpoint was disabled. Each is written once per event and recipient, however often the
 * event arrives, and listed unread first.
 */
export const notificationKinds = ['followup_due', 'followup_overdue', 'webhook_disabled'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const NotificationSchema = z
  .object({
    id: idSchemaFor('notification'),
    kind: z.enum(notificationKinds),
    title: z.string(),
    body: z.string().optional(),
    /** Where in the console it leads (a customer file, the webhook settings). */
    link: z.string().optional(),
    customerId: idSchemaFor('customer').optional(),
    read: z.boolean(),
    createdAt: IsoDateTimeSchema,
    readAt: IsoDateTimeSchema.optional(),
  })
  .meta({
    id: 'Notification',
    description: 'An in-app notification for the signed-in staff user.',
    examples: [
      {
        id: 'ntf_01JD3K7A8B9C0D1E2F3G4H5J6K',
        kind: 'followup_due',
        title: '回访到期：回访新茶口感',
        link: '/customers/cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A',
        customerId: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A',
        read: false,
        createdAt: '2026-12-01T01:00:00.000Z',
      },
    ],
  });
export type Notification = z.output<typeof NotificationSchema>;

/** Who manages the tenant's work: told of escalated follow-ups, and of follow-ups nobody holds. */
export const managerRoles: readonly Role[] = ['owner', 'admin', 'manager'];
/** Who manages the tenant's settings: told of disabled webhook endpoints. */
export const adminRoles: readonly Role[] = ['owner', 'admin'];

const words = {
  zh: { followup_due: '回访到期：', followup_overdue: '回访逾期未处理：', webhook_disabled: 'Webhook 已停用：' },
  en: { followup_due: 'Follow-up due: ', followup_overdue: 'Follow-up overdue: ', webhook_disabled: 'Webhook disabled: ' },
} as const;

/** The title of a notification in the tenant's language. */
export const notificationTitle = (kind: NotificationKind, subject: string, locale: string): string =>
  `${words[locale.toLowerCase().startsWith('zh') ? 'zh' : 'en'][kind]}${subject}`;
