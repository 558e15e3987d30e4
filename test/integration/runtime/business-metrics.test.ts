import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer';
import { handler as republishEvents } from '#functions/jobs/republish-events';
import { handler as checkHealth } from '#functions/platform/check-health';
import { handler as signUp } from '#functions/tenants/sign-up';
import { LocalEventBus } from '#scripts/local/local-event-bus';
import { registerEventBus } from '#shared/events/event-bus';
import { useFreshTable } from '#test/fixtures/fresh-table';
import { lambdaContextFor, proxyEventFor, scheduledEventAt } from '#test/fixtures/lambda-events';
import { signUpBody } from '#test/fixtures/tenants';

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

// What the function writes to stdout, where Lambda hands EMF lines to CloudWatch.
const written: string[] = [];
const emfBlobs = (): EmfBlob[] =>
  written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as EmfBlob);
const blobsWith = (metric: string) => emfBlobs().filter((blob) => blob[metric] !== undefined);

beforeAll(async () => {
  await useFreshTable({ DOSSIER_METRICS: 'stdout', DOSSIER_STAGE: 'metrics-test' });
  // The local runtime's bus, with no consumers: the outbox publisher needs somewhere to publish.
  registerEventBus(new LocalEventBus([]));
});

const capturingStdout = () => {
  written.length = 0;
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(String(chunk));
    return String(chunk).includes('"_aws"') ? true : write(chunk, ...(rest as []));
  });
};

afterEach(() => vi.restoreAllMocks());

describe('business counters, as CloudWatch EMF lines on stdout', () => {
  it('counts a created customer once, in the Dossier namespace by service and stage, with no tenant id anywhere in the line', async () => {
    const signedUp = await signUp(proxyEventFor('sign-up', { body: signUpBody() }), lambdaContextFor('api-tenants'));
    const { token, tenant } = JSON.parse(signedUp.body) as { token: string; tenant: { id: string } };
    capturingStdout();

    const answer = await createCustomer(proxyEventFor('create-customer', { token, body: { name: 'Mei Lin', phone: '+8613800138000' } }), lambdaContextFor('api-customers'));

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

  it('counts the events the outbox publishes (the customer.created left unpublished, swept by the job)', async () => {
    capturingStdout();

    // Nothing streams the outbox here: ten minutes on, the sweep finds the create's event due.
    await republishEvents(scheduledEventAt(new Date(Date.now() + 10 * 60 * 1000)), lambdaContextFor('republish-events'));

    const [blob, ...more] = blobsWith('EventsPublished');
    expect(more).toEqual([]);
    expect(blob).toMatchObject({ EventsPublished: 1, service: 'dossier', stage: 'metrics-test' });
  });

  it('counts a scheduled job’s run under the job’s name', async () => {
    capturingStdout();

    await republishEvents(scheduledEventAt(new Date()), lambdaContextFor('republish-events'));

    const [blob] = blobsWith('JobsRun');
    expect(blob).toMatchObject({ JobsRun: 1, job: 'republish-events', service: 'dossier', stage: 'metrics-test' });
    expect(blob!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Dossier', Dimensions: [['service', 'stage', 'job']] });
  });
});
