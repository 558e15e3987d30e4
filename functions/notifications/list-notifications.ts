import { NotificationSchema } from '#shared/domain/notifications';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { listMyNotifications } from '#shared/services/staff-notifications';
import { route } from '../http-route.ts';

export const handler = route('list-notifications', {
  list: true,
  response: { 200: pageSchemaOf(NotificationSchema) },
  handle: async ({ caller, page, listed }) => ok(await listed(await listMyNotifications(caller, { page }), (notification) => notification)),
});
