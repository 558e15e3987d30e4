import { streamFunction } from '#shared/runtime/stream-function';
import { publishChanges } from '#shared/services/outbox-publishing';

/** DynamoDB Streams → the event bus: every outbox item the table gains is published once or more. */
export const handler = streamFunction('publish-events', publishChanges);
