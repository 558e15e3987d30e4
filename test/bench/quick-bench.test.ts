import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs `npm run bench -- --quick` once, as a person would, and checks that every section of
// results.json is there with numbers. The figures are printed by the benchmark, never asserted:
// a benchmark reports, and a slow machine must not fail the suite.
const projectRoot = path.resolve(import.meta.dirname, '..', '..');
let workDir: string;
let run: { code: number | null; output: string };
let results: any;

const runQuickBench = (out: string) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/run-bench.ts', '--quick', '--out', out], {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, output }));
  });

const isFigure = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'dossier-bench-test-'));
  const out = path.join(workDir, 'results.json');
  run = await runQuickBench(out);
  if (run.code === 0) results = JSON.parse(await readFile(out, 'utf8'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('finishes with exit code 0 and prints its tables', () => {
    expect(run.code, run.output.slice(-4000)).toBe(0);
    expect(run.output).toContain('Per operation');
    expect(run.output).toContain('Budgets (DESIGN.md)');
  });

  it('writes capacity and latency for every measured operation', () => {
    const names = results.capacity.map((entry: any) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['sign-in', 'create-customer', 'get-customer', 'get-customer-revealed', 'list-customers', 'find-by-phone', 'record-transaction', 'timeline-page', 'birthdays-today']));
    for (const entry of results.capacity) {
      expect(entry.samples).toBeGreaterThan(0);
      for (const figure of Object.values(entry.local)) expect(isFigure(figure), `${entry.name} ${JSON.stringify(entry.local)}`).toBe(true);
      expect(entry.calls.length).toBeGreaterThan(0);
    }
    expect(results.latency.map((entry: any) => entry.name)).toEqual(names);
    for (const entry of results.latency) {
      for (const p of ['p50', 'p95', 'p99']) expect(isFigure(entry.http[p])).toBe(true);
      expect(isFigure(entry.direct.p50)).toBe(true);
      expect(isFigure(entry.overheadP50)).toBe(true);
    }
  });

  it('counts key-provider calls for warm and cold requests', () => {
    expect(results.keyProvider.warm.requests).toBeGreaterThan(0);
    expect(isFigure(results.keyProvider.warm.callsPerThousand)).toBe(true);
    for (const figure of Object.values(results.keyProvider.cold)) expect(isFigure(figure)).toBe(true);
  });

  it('sizes and times a bundle for every handler of the manifest', () => {
    expect(results.bundles.length).toBeGreaterThan(10);
    for (const bundle of results.bundles) {
      expect(bundle.bytes).toBeGreaterThan(0);
      expect(isFigure(bundle.initMs)).toBe(true);
    }
  });

  it('weighs the console as a browser first loads it', () => {
    expect(results.console.firstLoad.files.some((file: string) => file.endsWith('.js'))).toBe(true);
    expect(results.console.firstLoad.javascriptGzipBytes).toBeGreaterThan(0);
    expect(results.console.allJavascriptGzipBytes).toBeGreaterThan(results.console.firstLoad.javascriptGzipBytes);
  });

  it('measures look-ups at every tenant size of the growth section', () => {
    expect(results.growth.steps.length).toBeGreaterThanOrEqual(2);
    for (const step of results.growth.steps) {
      expect(step.customers).toBeGreaterThan(0);
      for (const lookup of [step.birthdays.firstPage, step.list, step.phone]) {
        for (const figure of Object.values(lookup)) expect(isFigure(figure)).toBe(true);
      }
      expect(isFigure(step.birthdays.readUnits)).toBe(true);
      expect(isFigure(step.nightlyJob.readUnits)).toBe(true);
      // The birthday job serves exactly the customers the birthday look-up finds.
      expect(step.birthdayJob.born).toBe(step.birthdays.matches);
      expect(step.birthdayJob.issued).toBeLessThanOrEqual(step.birthdayJob.born);
      expect(isFigure(step.birthdayJob.readUnits)).toBe(true);
    }
  });

  it("reads the report summary and a pivot at every size, and times the roll-up's lag and a background export", () => {
    for (const step of results.growth.steps) {
      for (const lookup of [step.summary, step.pivot]) {
        for (const figure of Object.values(lookup)) expect(isFigure(figure)).toBe(true);
      }
      expect(isFigure(step.rollUpSeconds)).toBe(true);
      expect(step.backgroundExport.rows).toBe(step.customers);
      expect(isFigure(step.backgroundExport.rowsPerSecond)).toBe(true);
    }
  });

  it('imports a generated file, imports it again changing nothing, and exports it as CSV and .xlsx, in rows per second', () => {
    for (const figures of [results.archive.import, results.archive.reimportUpsert, results.archive.exportCsv, results.archive.exportXlsx]) {
      expect(figures.rows).toBeGreaterThan(0);
      expect(isFigure(figures.rowsPerSecond)).toBe(true);
    }
  });

  it("finds the birthday job's due tenants among all through their slots", () => {
    expect(results.birthdaySlots.tenants).toBeGreaterThan(results.birthdaySlots.dueTenants);
    expect(results.birthdaySlots.dueTenants).toBe(results.birthdaySlots.expectedDueTenants);
    expect(isFigure(results.birthdaySlots.readUnits)).toBe(true);
    expect(isFigure(results.birthdaySlots.everyTenantReadUnits)).toBe(true);
  });

  it('delivers a burst of events to a local receiver and measures throughput, latency and capacity', () => {
    expect(results.webhooks.events).toBeGreaterThan(0);
    for (const figure of [results.webhooks.deliveriesPerSecond, results.webhooks.writeToDeliveryMs.p50, results.webhooks.writeToDeliveryMs.p99]) expect(isFigure(figure)).toBe(true);
    expect(results.webhooks.perDeliveredEvent.calls).toContain('TransactWriteItems');
    expect(isFigure(results.webhooks.perDeliveredEvent.writeUnits)).toBe(true);
  });

  it('judges every budget of DESIGN.md and records how the run went', () => {
    expect(results.budgets.length).toBeGreaterThanOrEqual(6);
    for (const verdict of results.budgets) expect(verdict.measured).toBeTruthy();
    expect(results.transactionShapes.recordTransaction.items.length).toBeGreaterThan(0);
    expect(isFigure(results.transactionShapes.recordTransaction.awsUnitsBy.table)).toBe(true);
    expect(results.transactionShapes.recordTransaction.itemBytes.map((size: { item: string }) => size.item)).toContain('customer');
    expect(isFigure(results.meta.durationSeconds)).toBe(true);
    expect(isFigure(results.seeding.operationsTenant.customersPerSecond)).toBe(true);
  });
});
