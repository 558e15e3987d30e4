import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer';
import { handler as republishEvents } from '#functions/jobs/republish-events';
import { consumers, type ConsumerEntry } from '#functions/manifest';
import { handler as checkHealth } from '#functions/platform/check-health';
import { handler as signUp } from '#functions/tenants/sign-up';
import { handler as createWebhook } from '#functions/webhooks/create-webhook';
import { LocalEventBus } from '#scripts/local/local-event-bus';
import { registerEventBus } from '#shared/events/event-bus';
import { useFreshTable } from '#test/fixtures/fresh-table';
import { lambdaContextFor, proxyEventFor, scheduledEventAt } from '#test/fixtures/lambda-events';
import { signUpBody } from '#test/fixtures/tenants';
import { startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

// What the functions write to stdout, where Lambda hands EMF lines to CloudWatch.
const written: string[] = [];
const emfBlobs = (): EmfBlob[] =>
  written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as EmfBlob);
const blobsWith = (metric: string) => emfBlobs().filter((blob) => blob[metric] !== undefined);
const totalOf = (metric: string) => blobsWith(metric).reduce((sum, blob) => sum + Number(blob[metric]), 0);

const capturingStdout = () => {
  written.length = 0;
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(String(chunk));
    return String(chunk).includes('"_aws"') ? true : write(chunk, ...(rest as []));
  });
};

let tenant: { id: string; token: string };
let receiver: Receiver;
// The local runtime's bus, handing events to the real deliver-webhooks consumer.
const bus = new LocalEventBus((consumers as readonly ConsumerEntry[]).filter((consumer) => consumer.name === 'deliver-webhooks'));

beforeAll(async () => {
  await useFreshTable({ DOSSIER_METRICS: 'stdout', DOSSIER_STAGE: 'metrics-test', DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '1' });
  registerEventBus(bus);
  receiver = await startReceiver();
  const signedUp = await signUp(proxyEventFor('sign-up', { body: signUpBody() }), lambdaContextFor('api-tenants'));
  const { token, tenant: created } = JSON.parse(signedUp.body) as { token: string; tenant: { id: string } };
  tenant = { id: created.id, token };
  const webhook = await createWebhook(proxyEventFor('create-webhook', { token, body: { url: receiver.url, events: ['customer.created'] } }), lambdaContextFor('api-webhooks'));
  expect(webhook.statusCode, webhook.body).toBe(201);
});

afterAll(async () => {
  registerEventBus(undefined);
  await receiver.close();
});

afterEach(() => vi.restoreAllMocks());

describe('business counters, as CloudWatch EMF lines on stdout', () => {
  it('counts a created customer once, in the Dossier namespace by service and stage, with no tenant id anywhere in the line', async () => {
    capturingStdout();

    const answer = await createCustomer(proxyEventFor('create-customer', { token: tenant.token, body: { name: 'Mei Lin', phone: '+8613800138000' } }), lambdaContextFor('api-customers'));

    expect(answer.statusCode, answer.body).toBe(201);
    const [blob, ...more] = blobsWith('CustomersCreated');
    expect(more).toEqual([]);
    expect(blob).toMatchObject({ CustomersCreated: 1, service: 'dossier', stage: 'metrics-test' });
    expect(blob!._aws.CloudWatchMetrics).toEqual([{ Namespace: 'Dossier', Dimensions: [['service', 'stage']], Metrics: [{ Name: 'CustomersCreated', Unit: 'Count' }] }]);
    expect(JSON.stringify(blob)).not.toContain(tenant.id);
  });

  it('writes no metric line for a request that counted nothing', async () => {
    capturingStdout();

    const answer = await checkHealth(proxyEventFor('check-health'), lambdaContextFor('api-platform'));

    expect(answer.statusCode).toBe(200);
    expect(emfBlobs()).toEqual([]);
  });

  it('counts the events the outbox publishes and the webhook deliveries that reached their endpoint', async () => {
    capturingStdout();

    // Nothing streams the outbox here: ten minutes on, the sweep finds the writes' events due,
    // and the bus hands customer.created to the deliver-webhooks consumer.
    await republishEvents(scheduledEventAt(new Date(Date.now() + 10 * 60 * 1000)), lambdaContextFor('republish-events'));
    // The local bus hands events to its consumers apart from the publisher: wait for them.
    await bus.settled();

    expect(bus.list({ tenantId: tenant.id }).map((event) => event.type)).toContain('customer.created');
    expect(totalOf('EventsPublished')).toBe(bus.list({ tenantId: tenant.id }).length);
    expect(receiver.received.map((request) => request.event.type)).toEqual(['customer.created']);
    expect(blobsWith('DeliveriesSucceeded')).toEqual([expect.objectContaining({ DeliveriesSucceeded: 1, service: 'dossier', stage: 'metrics-test' })]);
    expect(totalOf('DeliveriesFailed')).toBe(0);
  });

  it('counts a scheduled job’s run under the job’s name', async () => {
    capturingStdout();

    await republishEvents(scheduledEventAt(new Date()), lambdaContextFor('republish-events'));

    const [blob] = blobsWith('JobsRun');
    expect(blob).toMatchObject({ JobsRun: 1, job: 'republish-events', service: 'dossier', stage: 'metrics-test' });
    expect(blob!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Dossier', Dimensions: [['service', 'stage', 'job']] });
  });
});
