import { publishOutbox } from '#shared/events/outbox-publisher';

/** DynamoDB Streams → the event bus: every outbox item the table gains is published once or more. */
export const handler = publishOutbox;
