import { randomUUID } from 'node:crypto';
import type { Context, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import type { ConsumerEntry } from '#functions/manifest';
import type { DossierEvent } from '#shared/domain/events';
import { EVENT_SOURCE, type EventBus } from '#shared/events/event-bus';
import { localLogger as logger } from './local-logger.ts';
import { loadHandler } from './local-server.ts';
import { lambdaContext } from './proxy-event.ts';

type Consumer = (event: EventBridgeEvent<string, DossierEvent> | SQSEvent, context: Context) => Promise<unknown>;

const KEPT = 10_000;
const ATTEMPTS = 3;

/**
 * The local EventBridge: keeps what was published (listed by `GET /_local/events`) and invokes each
 * manifest consumer whose event types match, with the event as EventBridge (or, for consumers
 * behind a queue, SQS) hands it over in AWS.
 */
export class LocalEventBus implements EventBus {
  // By id: an event the stream hands over twice is delivered twice (as in AWS) but listed once.
  private readonly published = new Map<string, DossierEvent>();

  constructor(private readonly consumers: readonly ConsumerEntry[]) {}

  async publish(events: DossierEvent[]): Promise<void> {
    for (const event of events) {
      this.published.set(event.id, event);
      if (this.published.size > KEPT) this.published.delete(this.published.keys().next().value as string);
      for (const consumer of this.consumers.filter((entry) => entry.eventTypes.includes(event.type))) {
        await this.deliver(consumer, event);
      }
    }
  }

  list(filter: { tenantId?: string | undefined; type?: string | undefined }): DossierEvent[] {
    return [...this.published.values()].filter((event) => (!filter.tenantId || event.tenantId === filter.tenantId) && (!filter.type || event.type === filter.type));
  }

  private async deliver(consumer: ConsumerEntry, event: DossierEvent): Promise<void> {
    const handler = await loadHandler<Consumer>(consumer);
    const envelope: EventBridgeEvent<string, DossierEvent> = {
      version: '0',
      id: randomUUID(),
      'detail-type': event.type,
      source: EVENT_SOURCE,
      account: '000000000000',
      time: event.occurredAt,
      region: 'local',
      resources: [],
      detail: event,
    };
    const input = consumer.viaQueue
      ? ({ Records: [{ messageId: randomUUID(), body: JSON.stringify(envelope) }] } as unknown as SQSEvent)
      : envelope;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        await handler(input, lambdaContext(consumer.name, 60_000));
        return;
      } catch (error) {
        if (attempt === ATTEMPTS) logger.error('Consumer failed; the event is dead-lettered', { consumer: consumer.name, eventId: event.id, error: (error as Error).message });
      }
    }
  }
}
