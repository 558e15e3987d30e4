import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ConsumerEntry } from '#functions/manifest';
import { DossierError } from '#shared/domain/errors';
import type { OutboxEvent } from '#shared/domain/events';
import { EVENT_SOURCE, type EventBus } from '#shared/events/event-bus';
import type { BusEnvelope, ConsumerInput } from '#shared/runtime/event-consumer';
import { localLogger as logger } from './local-logger.ts';
import { loadHandler } from './local-server.ts';
import { lambdaContext } from './proxy-event.ts';

type Consumer = (input: ConsumerInput, context: Context) => Promise<SQSBatchResponse | void>;

const KEPT = 10_000;
/** SQS hands a failing message back this many times before it goes to the DLQ (MAX_RECEIVE_COUNT in AWS). */
const ATTEMPTS = 5;
/** Messages of one queue handled at once, as Lambda's SQS poller runs several batches side by side. */
const QUEUE_CONCURRENCY = 4;

interface LocalQueue {
  waiting: (() => Promise<void>)[];
  running: number;
}

/**
 * The local EventBridge: keeps what was published (listed by `GET /_local/events`) and invokes each
 * manifest consumer whose event types match, with the event as EventBridge (or, for consumers
 * behind a queue, SQS) hands it over in AWS. A consumer behind a queue runs apart from the
 * publisher, as it does in AWS (a long import chunk never holds up the stream); `settled()` waits
 * for what the queues hold when it is called. It can be told to fail, as a bus that is down
 * would, so that a test can watch the outbox keep every event until the bus heals.
 */
export class LocalEventBus implements EventBus {
  // By id: an event the stream hands over twice is delivered twice (as in AWS) but listed once.
  private readonly published = new Map<string, OutboxEvent>();
  private readonly queues = new Map<string, LocalQueue>();
  /** Every message taken on and not yet handled, whichever queue holds it. */
  private readonly pending = new Set<Promise<void>>();
  private failing = false;

  constructor(private readonly consumers: readonly ConsumerEntry[]) {}

  setFailing(failing: boolean): void {
    this.failing = failing;
  }

  async publish(events: OutboxEvent[]): Promise<void> {
    if (this.failing) throw new DossierError('dependency-unavailable', { detail: 'The local event bus is failing (POST /_local/bus)' });
    for (const event of events) {
      this.published.set(event.id, event);
      if (this.published.size > KEPT) this.published.delete(this.published.keys().next().value as string);
      for (const consumer of this.consumers.filter((entry) => entry.eventTypes.includes(event.type))) {
        if (consumer.viaQueue) this.enqueue(consumer, event);
        else await this.deliver(consumer, event);
      }
    }
  }

  /**
   * Resolves once every message the queues held when it was called has been handled. Not the work
   * that work asks for in turn (an import's next chunk, and the next): with one runtime serving
   * many clients, waiting until the queues are empty could wait for a long import of someone else.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private enqueue(consumer: ConsumerEntry, event: OutboxEvent): void {
    let queue = this.queues.get(consumer.name);
    if (!queue) this.queues.set(consumer.name, (queue = { waiting: [], running: 0 }));
    let handled!: () => void;
    const message = new Promise<void>((resolve) => (handled = resolve));
    this.pending.add(message);
    queue.waiting.push(() =>
      this.deliver(consumer, event).finally(() => {
        this.pending.delete(message);
        handled();
      }),
    );
    this.pump(queue);
  }

  private pump(queue: LocalQueue): void {
    while (queue.running < QUEUE_CONCURRENCY && queue.waiting.length > 0) {
      const next = queue.waiting.shift()!;
      queue.running += 1;
      void next()
        .catch((error: unknown) => logger.error('A queued message could not be handled', { error: (error as Error).message }))
        .finally(() => {
          queue.running -= 1;
          this.pump(queue);
        });
    }
  }

  /**
   * Hands a published event to its consumers once more, as EventBridge may (it delivers at least
   * once): consumers must do their work once however often an event arrives. False if unknown.
   */
  async redeliver(eventId: string): Promise<boolean> {
    const event = this.published.get(eventId);
    if (!event) return false;
    // Delivered here and now, even to a consumer behind a queue: the caller waits for the work.
    for (const consumer of this.consumers.filter((entry) => entry.eventTypes.includes(event.type))) await this.deliver(consumer, event);
    return true;
  }

  list(filter: { tenantId?: string | undefined; type?: string | undefined }): OutboxEvent[] {
    return [...this.published.values()].filter((event) => (!filter.tenantId || event.tenantId === filter.tenantId) && (!filter.type || event.type === filter.type));
  }

  private async deliver(consumer: ConsumerEntry, event: OutboxEvent): Promise<void> {
    const handler = await loadHandler<Consumer>(consumer);
    const envelope: BusEnvelope = {
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
    const messageId = randomUUID();
    const input: ConsumerInput = consumer.viaQueue ? ({ Records: [{ messageId, body: JSON.stringify(envelope) }] } as SQSEvent) : envelope;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const result = await handler(input, lambdaContext(consumer.name, 60_000));
        if (!result || result.batchItemFailures.length === 0) return;
      } catch (error) {
        if (attempt === ATTEMPTS) logger.error('Consumer failed; the event is dead-lettered', { consumer: consumer.name, eventId: event.id, error: (error as Error).message });
        continue;
      }
      if (attempt === ATTEMPTS) logger.error('Consumer failed the message; it is dead-lettered', { consumer: consumer.name, eventId: event.id });
    }
  }
}
