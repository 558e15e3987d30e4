import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DossierError } from '#shared/domain/errors';
import { config } from '#shared/runtime/config';
import type { OutboxEvent } from '#shared/domain/events';

/**
 * Where published events go: EventBridge in AWS (`DOSSIER_EVENT_BUS` names the bus), the local
 * runtime's in-process bus on a laptop (it registers itself here). Consumers and rules match on
 * `detail-type` = the event type; `detail` is the event as API.md describes it.
 */
export interface EventBus {
  publish(events: OutboxEvent[]): Promise<void>;
}

export const EVENT_SOURCE = 'dossier';
const PUT_EVENTS_BATCH = 10;

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly busName: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({}),
  ) {}

  async publish(events: OutboxEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += PUT_EVENTS_BATCH) {
      const batch = events.slice(start, start + PUT_EVENTS_BATCH);
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Detail: JSON.stringify(event),
            Time: new Date(event.occurredAt),
          })),
        }),
      );
      // PutEvents accepts a batch partly; the stream record is retried whole (consumers are idempotent).
      if ((result.FailedEntryCount ?? 0) > 0) {
        throw new DossierError('dependency-unavailable', { detail: `${result.FailedEntryCount} events were not accepted by the bus` });
      }
    }
  }
}

let registered: EventBus | undefined;

/** The local runtime installs its bus before it serves anything. */
export const registerEventBus = (bus: EventBus | undefined): void => {
  registered = bus;
};

export const eventBus = (): EventBus => {
  if (registered) return registered;
  const busName = config().eventBusName;
  if (!busName) throw new DossierError('internal', { detail: 'No event bus: set DOSSIER_EVENT_BUS or register a local bus' });
  registered = new EventBridgeBus(busName);
  return registered;
};
