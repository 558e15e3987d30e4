import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routes } from '#functions/manifest';
import { DOCUMENTED_TERMS } from '#shared/domain/tenant';
import { call, listAll, useRuntime } from '#test/fixtures/api-client';
import { describeFinding, runCampaign, type CampaignReport } from '#test/fixtures/fuzz/campaign';
import { figureMismatches } from '#test/fixtures/fuzz/figures';
import { loadFuzzRoutes, type FuzzRoute } from '#test/fixtures/fuzz/route-schemas';
import { buildWorld, type World } from '#test/fixtures/fuzz/world';
import { startRuntimeProcess, type RuntimeProcess } from '#test/fixtures/runtime-process';
import { startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

/**
 * A seeded fuzz of every route of the manifest (docs/security.md, "Fuzzing"). `npm test` runs a
 * short seed; a long run is `FUZZ_RUNS=20000 FUZZ_SECONDS=900 FUZZ_SEED=7 npm run fuzz`. A failure
 * prints each bad answer with its request and the seed to replay it.
 */
const numberFrom = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
const seed = numberFrom('FUZZ_SEED', 20_261_130);
const runs = numberFrom('FUZZ_RUNS', 2000);
const settings = {
  seed,
  runs,
  seconds: numberFrom('FUZZ_SECONDS', process.env.FUZZ_RUNS ? 3600 : 45),
  concurrency: numberFrom('FUZZ_CONCURRENCY', 2),
  ...(process.env.FUZZ_ROUTE ? { only: new RegExp(process.env.FUZZ_ROUTE) } : {}),
  tableName: `fuzz-${randomUUID()}`,
};

/** Reading back every customer's records takes longer the more a run created. */
const figuresTimeout = 300_000 + runs * 30;

let runtime: RuntimeProcess;
let receiver: Receiver;
let world: World;
let fuzzRoutes: FuzzRoute[];
let report: CampaignReport;

/** What the runtime logged about failed requests (500s log their error with the request id). */
const runtimeErrors = (): string =>
  runtime
    .output()
    .split('\n')
    .filter((line) => line.includes('"level":"ERROR"'))
    .slice(-5)
    .join('\n');

const allFigureMismatches = async (): Promise<string[]> => {
  const customers = await listAll<{ id: string }>('/v1/customers?limit=200', world.home.token);
  const mismatches: string[] = [];
  for (let i = 0; i < customers.length; i += 4) {
    const batch = await Promise.all(customers.slice(i, i + 4).map((customer) => figureMismatches(customer.id, world.home.token)));
    mismatches.push(...batch.flat());
  }
  return mismatches;
};

describe(`every route, fuzzed (seed ${seed})`, () => {
  beforeAll(async () => {
    const booting = Date.now();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dossier-fuzz-'));
    runtime = await startRuntimeProcess({
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      DOSSIER_TABLE: settings.tableName,
      DOSSIER_DATA_DIR: dataDir,
      DOSSIER_ALLOW_PRIVATE_WEBHOOKS: '1',
      DOSSIER_LOCAL_SCHEDULER: 'off',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    console.log(`fuzz: the runtime started in ${((Date.now() - booting) / 1000).toFixed(1)} s`);
    useRuntime(runtime.url);
    const started = Date.now();
    receiver = await startReceiver();
    fuzzRoutes = await loadFuzzRoutes(DOCUMENTED_TERMS);
    world = await buildWorld(receiver.url);
    console.log(`fuzz: the world was built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
    await runtime?.stop();
  }, 120_000);

  it('walks every route of the manifest', () => {
    expect(fuzzRoutes.map((route) => route.entry.name)).toEqual(routes.map((route) => route.name));
  });

  it(`answers up to ${runs} generated and mutated requests without a 5xx, a bare 4xx, a leaked internal name or an undescribed answer`, async () => {
    report = await runCampaign(world, fuzzRoutes, settings, (line) => console.log(line));

    const silent = [...report.statusesByRoute]
      .filter(([, statuses]) => ![...statuses.keys()].some((status) => status < 300))
      .map(([name, statuses]) => `${name} (${[...statuses].map(([status, times]) => `${times}× ${status}`).join(', ')})`);
    console.log(
      `fuzz seed ${seed}: ${report.sent} requests in ${report.seconds.toFixed(0)} s (${report.unsendable} unsendable), ${report.findings.length} findings; routes that never succeeded: ${silent.join(', ') || 'none'}`,
    );
    const shown = report.findings.slice(0, 15).map((finding) => describeFinding(finding, seed));
    expect(report.findings.length, `${shown.join('\n\n')}\n\nruntime errors:\n${runtimeErrors()}`).toBe(0);
    if (!settings.only) expect(report.statusesByRoute.size).toBe(routes.length);
    // The run kept its own world: the home tenant is still open to its owner.
    expect((await call('GET', '/v1/tenant', { token: world.home.token })).status).toBe(200);
  }, (settings.seconds + 120) * 1000);

  it("leaves every customer's figures equal to what its records say", async () => {
    expect(await allFigureMismatches()).toEqual([]);
  }, figuresTimeout);

  it('keeps them equal when the nightly job finds payments fallen overdue', async () => {
    const later = new Date(Date.now() + 45 * 24 * 3600_000).toISOString();

    const job = await call('POST', '/_local/jobs/refresh-customer-scores', { body: { at: later } });

    expect(job.status, job.text).toBe(200);
    expect(await allFigureMismatches()).toEqual([]);
  }, figuresTimeout);
});
