import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import { newEvent } from '#shared/events/event-catalogue';
import { deliverEvent } from '#shared/services/webhook-deliveries';
import { customerBody } from '#scripts/seed/customer-generator';
import { DossierClient } from '#scripts/seed/dossier-client';
import { signUpTenant } from '#scripts/seed/http-seeder';
import { parseCapacityHeader } from './capacity-header.ts';
import { median, percentile, round } from './statistics.ts';

/**
 * What webhook delivery costs and how fast it goes, from one local runtime to a receiver on
 * loopback: a burst of customer creations, each announced by a `customer.created` event that
 * goes through the outbox, the table stream, the bus and the `deliver-webhooks` consumer to the
 * receiver. Throughput is events delivered per second of the whole burst (writes included);
 * latency is from the event's time (the write) to its arrival. The capacity of delivering one
 * event is measured in this process, which shares the runtime's table and keys: the consumer's
 * calls for one event to one endpoint that answers 200 at once.
 */
export interface WebhookFigures {
  events: number;
  deliveriesPerSecond: number;
  writeToDeliveryMs: { p50: number; p99: number; max: number };
  perDeliveredEvent: { readUnits: number; writeUnits: number; calls: string[]; transactions: number };
}

const startReceiver = async () => {
  const arrivals = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const event = JSON.parse(body) as { id: string; occurredAt: string };
      if (!arrivals.has(event.id)) arrivals.set(event.id, Date.now() - Date.parse(event.occurredAt));
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export const measureWebhooks = async (baseUrl: string, options: { events: number; seed: number }): Promise<WebhookFigures> => {
  const receiver = await startReceiver();
  try {
    const client = new DossierClient(baseUrl);
    const tenant = await signUpTenant(client, { slug: `hooks-${randomBytes(3).toString('hex')}`, name: '钩子商行', password: 'correct-horse-battery' });
    await client.post('/v1/webhooks', { url: receiver.url, events: ['customer.created'] });
    // Whatever earlier sections left in the stream goes first: the burst is measured on its own.
    await client.call('POST', '/_local/drain');

    const started = Date.now();
    for (let index = 0; index < options.events; index += 10) {
      const batch = Array.from({ length: Math.min(10, options.events - index) }, (_, offset) => index + offset);
      await Promise.all(batch.map((at) => client.post('/v1/customers', customerBody({ seed: options.seed }, at))));
    }
    for (let waited = 0; receiver.arrivals.size < options.events && waited < 120; waited += 1) await client.call('POST', '/_local/drain');
    const seconds = (Date.now() - started) / 1000;
    const latencies = [...receiver.arrivals.values()];
    const delivered = receiver.arrivals.size;

    // One event to one endpoint, in this process: what the consumer reads and writes for it.
    const samples = Array.from({ length: 10 }, () => newCapacityLog());
    for (const log of samples) {
      const event = newEvent(tenant.id, { type: 'customer.created', data: { customerId: `cus_${'0'.repeat(26)}`, tier: 'potential', stage: 'prospect' } }, new Date());
      await withCapacityLog(log, () => deliverEvent(event, { requestId: `bench-${event.id}`, now: new Date(), sourceIp: undefined, userAgent: 'dossier-bench' }));
    }
    const parsed = samples.map((log) => parseCapacityHeader(JSON.stringify(log)));
    const calls = parsed[0]!.calls.map((call) => call.operation);
    return {
      events: delivered,
      deliveriesPerSecond: round(delivered / seconds, 1),
      writeToDeliveryMs: { p50: round(median(latencies), 0), p99: round(percentile(latencies, 99), 0), max: round(Math.max(...latencies), 0) },
      perDeliveredEvent: {
        readUnits: median(parsed.map((capacity) => capacity.readUnits)),
        writeUnits: median(parsed.map((capacity) => capacity.writeUnits)),
        calls,
        transactions: calls.filter((call) => call === 'TransactWriteItems').length,
      },
    };
  } finally {
    await receiver.close();
  }
};
