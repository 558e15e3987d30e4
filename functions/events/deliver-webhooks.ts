import { eventConsumer } from '#shared/runtime/event-consumer';
import { deliverEvent } from '#shared/services/webhook-deliveries';

/** The bus → the tenant's webhook endpoints that ask for the event (through a queue with a DLQ in AWS). */
export const handler = eventConsumer('deliver-webhooks', deliverEvent);
