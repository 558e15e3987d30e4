import { NotificationSchema } from '#shared/domain/notifications';
import { NotificationPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readNotification } from '#shared/services/staff-notifications';
import { route } from '../http-route.ts';

export const handler = route('read-notification', {
  params: NotificationPathSchema,
  response: { 200: NotificationSchema },
  handle: async ({ caller, params }) => ok(await readNotification(caller, params)),
});
