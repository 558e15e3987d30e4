import { parseArgs } from 'node:util';

/**
 * How big and how long a run is. The full run is what docs/benchmarks.md reports; the quick run
 * exercises every section with small numbers in well under two minutes, so the test suite can
 * prove the benchmark still works.
 */
export interface BenchSettings {
  mode: 'full' | 'quick';
  /** Where results.json goes. */
  out: string;
  /** The seed of the generated customers (the same seed, the same data). */
  seed: number;
  /** Customers of the operations tenant (seeded over HTTP, with history). */
  operationsCustomers: number;
  /** Timed requests per operation (after warm-up), over HTTP and direct. */
  samples: number;
  warmup: number;
  /** Mixed warm requests for the key-provider count. */
  keyProviderRequests: number;
  /** Tenant sizes of the growth section, smallest first; the tenant grows from one to the next. */
  growthSizes: number[];
  /** Timed look-ups per size in the growth section. */
  growthSamples: number;
  /** One in this many growth customers gets purchases (0: none). */
  growthHistoryEvery: number;
  /** Tenants signed up for the birthday slot look-up, and how many of them are due at its instant. */
  slotTenants: number;
  slotDueTenants: number;
  /** Customer creations of the webhook section's burst, each delivered to a local receiver. */
  webhookEvents: number;
  /** Rows of the archive section's generated import file (and of its exports). */
  importRows: number;
  /** Fresh Node processes per bundle for the module-initialisation median. */
  initRuns: number;
  concurrency: number;
}

const usage = 'npm run bench [-- --quick] [--out bench/results.json] [--seed 20260315]';

export const benchSettings = (argv: string[]): BenchSettings => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results.json' },
      seed: { type: 'string', default: '20260315' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number\n${usage}`);
  const common = { out: values.out, seed, concurrency: 12 };
  return values.quick
    ? {
        ...common,
        mode: 'quick',
        operationsCustomers: 40,
        samples: 25,
        warmup: 3,
        keyProviderRequests: 1_000,
        growthSizes: [300, 1_500],
        growthSamples: 10,
        growthHistoryEvery: 20,
        webhookEvents: 50,
        importRows: 300,
        slotTenants: 60,
        slotDueTenants: 3,
        initRuns: 1,
      }
    : {
        ...common,
        mode: 'full',
        operationsCustomers: 300,
        samples: 200,
        warmup: 10,
        keyProviderRequests: 2_000,
        growthSizes: [1_000, 10_000, 50_000],
        growthSamples: 30,
        growthHistoryEvery: 25,
        webhookEvents: 500,
        importRows: 5_000,
        slotTenants: 1_000,
        slotDueTenants: 10,
        initRuns: 5,
      };
};
