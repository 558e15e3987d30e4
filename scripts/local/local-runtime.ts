import type { Server } from 'node:net';
import path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { DossierError } from '#shared/domain/errors';
import { fieldErrorsOf } from '#shared/domain/validation';
import { IsoDateTimeSchema } from '#shared/domain/values';
import { consumers, schedules, streams, type ConsumerEntry, type ScheduleEntry, type StreamEntry } from '#functions/manifest';
import { registerWorkQueue } from '#shared/runtime/work-queue';
import { keyProvider } from '#shared/crypto/key-providers';
import { LocalKeyProvider } from '#shared/crypto/local-key-provider';
import { registerFileStore } from '#shared/data/file-store';
import { registerEventBus } from '#shared/events/event-bus';
import { localOutbox } from '#shared/notify/channels';
import { problemResponse } from '#shared/http/problem';
import { applyEnvironment, config } from '#shared/runtime/config';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { LocalEventBus } from './local-event-bus.ts';
import { LocalFileStore } from './local-file-store.ts';
import { LocalWorkQueue } from './local-work-queue.ts';
import { serveConsole } from './console-files.ts';
import { createLocalServer, type LocalEndpoint } from './local-server.ts';
import { findSchedule, runJob, startScheduler } from './scheduled-jobs.ts';
import { ensureTable } from './table-setup.ts';
import { startTableStream, type TableStream } from './table-stream.ts';

export interface LocalRuntime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  stop(): Promise<void>;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

const JobRequestSchema = z.strictObject({ at: IsoDateTimeSchema });
const BusRequestSchema = z.strictObject({ failing: z.boolean() });
const KmsRequestSchema = z.strictObject({ failing: z.boolean() });
const RedeliverRequestSchema = z.strictObject({ eventId: z.string().min(1) });
const WorkRequestSchema = z.strictObject({ job: z.string(), tenantId: z.string(), failing: z.boolean() });

const bodyOf = <T>(schema: z.ZodType<T>, body: Buffer): { ok: true; value: T } | { ok: false; answer: APIGatewayProxyResult } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return { ok: false, answer: problemResponse(new DossierError('malformed-json')) };
  }
  const input = schema.safeParse(parsed);
  return input.success ? { ok: true, value: input.data } : { ok: false, answer: problemResponse(new DossierError('validation-failed', { errors: fieldErrorsOf(input.error.issues) })) };
};

/** The events written so far, through the stream and the bus, and the work their consumers' queues took on. */
const drainEvents = async (stream: TableStream, bus: LocalEventBus): Promise<void> => {
  await stream.drain();
  await bus.settled();
};

/**
 * Everything pending: the events written so far through the stream (and their consumers), then
 * the webhook deliveries due now, then the events those caused (an endpoint disabled).
 */
const drainAll = async (stream: TableStream, bus: LocalEventBus): Promise<void> => {
  await drainEvents(stream, bus);
  for (const job of ['webhook-retries', 'send-messages']) {
    const entry = findSchedule(job);
    if (entry) await runJob(entry, new Date());
  }
  await drainEvents(stream, bus);
};

const EventsQuerySchema = z.strictObject({ tenantId: z.string().optional(), type: z.string().optional() });

/** `/_local/...`: run a job at an instant, wait for pending work, read counters. Never deployed. */
const localEndpoints = (stream: TableStream, bus: LocalEventBus, work: LocalWorkQueue, files: LocalFileStore): Record<string, LocalEndpoint> => ({
  // Exports' download links (S3 pre-signed URLs in AWS).
  'GET /_local/files/*': async (_request, _body, url) => files.serve(url),
  'POST /_local/jobs/*': async (_request, body, url) => {
    const name = decodeURIComponent(url.pathname.slice('/_local/jobs/'.length));
    const entry = findSchedule(name);
    if (!entry) return problemResponse(new DossierError('not-found', { detail: `No scheduled job named ${name}` }));
    const input = bodyOf(JobRequestSchema, body);
    if (!input.ok) return input.answer;
    const result = await runJob(entry, new Date(input.value.at));
    // As API.md promises: answer once the events the job caused have been handled too.
    await drainEvents(stream, bus);
    return json(200, { job: name, at: input.value.at, result: result ?? null });
  },
  'POST /_local/drain': async () => {
    await drainAll(stream, bus);
    return json(200, { drained: true });
  },
  // The local bus fails (as an EventBridge outage would) until told otherwise: for tests of the outbox.
  'POST /_local/bus': async (_request, body) => {
    const input = bodyOf(BusRequestSchema, body);
    if (!input.ok) return input.answer;
    bus.setFailing(input.value.failing);
    return json(200, input.value);
  },
  // The local key provider fails every call (as a KMS outage would) until told otherwise: for what must survive one.
  'POST /_local/kms': async (_request, body) => {
    const input = bodyOf(KmsRequestSchema, body);
    if (!input.ok) return input.answer;
    const provider = keyProvider();
    if (!(provider instanceof LocalKeyProvider)) return problemResponse(new DossierError('conflict', { detail: 'Only the local key provider can be made to fail' }));
    provider.setUnavailable(input.value.failing);
    return json(200, input.value);
  },
  // EventBridge delivers at least once: a test hands an event to its consumers again to see them do their work once.
  'POST /_local/redeliver': async (_request, body) => {
    const input = bodyOf(RedeliverRequestSchema, body);
    if (!input.ok) return input.answer;
    if (!(await bus.redeliver(input.value.eventId))) return problemResponse(new DossierError('not-found', { detail: `The local bus has no event ${input.value.eventId}` }));
    await drainEvents(stream, bus);
    return json(200, { redelivered: input.value.eventId });
  },
  // One tenant's units of one job fail (as a tenant with broken data would): the others must go on.
  'POST /_local/work': async (_request, body) => {
    const input = bodyOf(WorkRequestSchema, body);
    if (!input.ok) return input.answer;
    work.failTenant(input.value.job, input.value.tenantId, input.value.failing);
    return json(200, input.value);
  },
  'GET /_local/events': async (_request, _body, url) => {
    const query = EventsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return problemResponse(new DossierError('validation-failed', { errors: fieldErrorsOf(query.error.issues) }));
    return json(200, { items: bus.list(query.data) });
  },
  // What would have gone out by SMS and email: the local stand-in for SES and SNS (files under the data directory).
  'GET /_local/outbox': async (_request, _body, url) => {
    const tenantId = url.searchParams.get('tenantId');
    return json(200, { items: (await localOutbox().list()).filter((message) => !tenantId || message.tenantId === tenantId) });
  },
  'GET /_local/stats': async () => json(200, { keyProvider: keyProvider().name, keyProviderCalls: keyProvider().callCount() }),
});

/**
 * The whole stack on one machine: DynamoDB Local (unless DYNAMODB_ENDPOINT names one), the table
 * from the shared definition, every manifest route, the scheduler, and the local endpoints.
 */
export const startLocalRuntime = async (): Promise<LocalRuntime> => {
  const settings = config();
  let database: DynamoDbLocal | undefined;
  let dynamoEndpoint = settings.dynamoEndpoint;
  if (!dynamoEndpoint) {
    database = await startDynamoDbLocal({ dbPath: settings.inMemory ? undefined : path.join(settings.dataDir, 'dynamodb') });
    // The handlers in this process read the endpoint of the DynamoDB Local just started.
    applyEnvironment({ DYNAMODB_ENDPOINT: database.endpoint });
    dynamoEndpoint = database.endpoint;
  }
  try {
    await ensureTable(dynamoEndpoint, settings.tableName);
    const bus = new LocalEventBus(consumers as readonly ConsumerEntry[]);
    registerEventBus(bus);
    const work = new LocalWorkQueue(schedules as readonly ScheduleEntry[]);
    registerWorkQueue(work);
    let baseUrl = '';
    const files = new LocalFileStore(settings.inMemory ? undefined : path.join(settings.dataDir, 'files'), () => baseUrl);
    registerFileStore(files);
    const stream = await startTableStream({
      endpoint: dynamoEndpoint,
      tableName: settings.tableName,
      entries: streams as readonly StreamEntry[],
      positionsFile: settings.inMemory ? undefined : path.join(settings.dataDir, `stream-positions-${settings.tableName}.json`),
    });
    const server = await createLocalServer(localEndpoints(stream, bus, work, files), serveConsole);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
    const actualPort = (server.address() as { port: number }).port;
    baseUrl = `http://${settings.host === '0.0.0.0' ? 'localhost' : settings.host}:${actualPort}`;
    // The test suites run jobs at chosen instants (POST /_local/jobs); a clock firing them too would race those runs.
    const scheduler = settings.localScheduler ? startScheduler() : { stop: () => undefined };
    return {
      url: `http://localhost:${actualPort}`,
      port: actualPort,
      dynamoEndpoint,
      stop: async () => {
        scheduler.stop();
        await closeServer(server);
        await stream.stop();
        await database?.stop();
      },
    };
  } catch (error) {
    await database?.stop();
    throw error;
  }
};

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  });
