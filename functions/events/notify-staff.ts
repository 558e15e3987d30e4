import { eventConsumer } from '#shared/runtime/event-consumer';
import { notifyStaff } from '#shared/services/staff-notifications';

/** Follow-ups due or overdue, webhook endpoints disabled → in-app notifications for the staff concerned. */
export const handler = eventConsumer('notify-staff', notifyStaff);
