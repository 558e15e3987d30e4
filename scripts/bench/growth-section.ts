import { withBatchedPuts } from '#scripts/seed/batched-writes';
import { DossierClient } from '#scripts/seed/dossier-client';
import { signUpTenant, type SeededCustomer } from '#scripts/seed/http-seeder';
import { addPurchasesInProcess, createCustomersInProcess, type ServiceSeedTarget } from '#scripts/seed/service-seeder';
import type { BenchSettings } from './bench-settings.ts';
import { parseCapacityHeader, splitAuthentication } from './capacity-header.ts';
import { measureBirthdayJob, type BirthdayJobFigures } from './birthday-section.ts';
import { measureNightlyJob, type NightlyJobFigures } from './nightly-job.ts';
import { monthDayIn } from './operations-tenant.ts';
import { median, percentile, round } from './statistics.ts';

/**
 * How the cost of look-ups grows with the tenant. One tenant grows through the sizes (1k → 10k →
 * 50k in the full run); at each size: today's birthdays through the birthday blind index (every
 * page), a list page of 50, a phone look-up, the report summary and a pivot (read from the kept
 * sums, once the roll-up has caught up with the seeding), a background export of everyone, the
 * nightly job and the birthday job. Read units are the operation's own (the authentication read
 * is the same at every size and left out).
 */
export interface LookupFigures {
  readUnits: number;
  p50Ms: number;
  p95Ms: number;
}

export interface GrowthStep {
  customers: number;
  seeding: { added: number; seconds: number; customersPerSecond: number; purchases: number; purchaseSeconds: number };
  birthdays: {
    monthDay: string;
    matches: number;
    expectedMatches: number;
    pages: number;
    /** Reads of walking every page of today's birthdays. */
    readUnits: number;
    /** `null` when nobody in the tenant has a birthday today. */
    readUnitsPerMatch: number | null;
    firstPage: LookupFigures;
    /** Median time to walk every page. */
    allPagesMs: number;
  };
  list: LookupFigures;
  phone: LookupFigures;
  /** `GET /v1/reports/summary` and a pivot: reads of the kept sums, the same at every size. */
  summary: LookupFigures;
  pivot: LookupFigures;
  /** Seconds from the end of seeding until the summary counted every customer (the roll-up's lag). */
  rollUpSeconds: number;
  /** `POST /v1/exports` of every customer, until its file is written. */
  backgroundExport: { rows: number; seconds: number; rowsPerSecond: number };
  nightlyJob: NightlyJobFigures;
  /** The birthday job's unit of work for this tenant at its send hour on the same month-day. */
  birthdayJob: BirthdayJobFigures;
}

export interface GrowthFigures {
  seededVia: string;
  steps: GrowthStep[];
}

const operationReads = (header: string | null): number => splitAuthentication(parseCapacityHeader(header)).operation.readUnits;

const timedLookups = async (client: DossierClient, samples: number, path: (sample: number) => string): Promise<LookupFigures> => {
  const times: number[] = [];
  const reads: number[] = [];
  for (let sample = 0; sample < samples; sample += 1) {
    const answer = await client.get(path(sample));
    times.push(answer.elapsedMs);
    reads.push(operationReads(answer.headers.get('x-dossier-capacity')));
  }
  return { readUnits: median(reads), p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)) };
};

const walkBirthdays = async (client: DossierClient, monthDay: string) => {
  const started = performance.now();
  let cursor: string | null = null;
  let pages = 0;
  let matches = 0;
  let readUnits = 0;
  do {
    const query: string = `/v1/customers?birthday=${monthDay}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await client.get<{ items: unknown[]; nextCursor: string | null }>(query);
    pages += 1;
    matches += answer.body.items.length;
    readUnits += operationReads(answer.headers.get('x-dossier-capacity'));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return { pages, matches, readUnits: round(readUnits), ms: performance.now() - started };
};

/** Waits until the summary counts every customer: the roll-up has read the seeding off the stream. */
const rolledUp = async (client: DossierClient, customers: number): Promise<number> => {
  const started = performance.now();
  for (;;) {
    await client.call('POST', '/_local/drain');
    const summary = await client.get<{ customers: number }>('/v1/reports/summary');
    if (summary.body.customers >= customers) return round((performance.now() - started) / 1000, 1);
    if (performance.now() - started > 30 * 60_000) throw new Error(`The report roll-up counted ${summary.body.customers} of ${customers} customers after 30 minutes`);
  }
};

const backgroundExport = async (client: DossierClient) => {
  const started = performance.now();
  const asked = await client.post<{ id: string }>('/v1/exports', { format: 'csv' }, 202);
  for (;;) {
    await client.call('POST', '/_local/drain');
    const job = await client.get<{ status: string; rows?: number }>(`/v1/exports/${asked.body.id}`);
    if (job.body.status === 'completed' || job.body.status === 'failed') {
      const seconds = (performance.now() - started) / 1000;
      const rows = job.body.rows ?? 0;
      return { rows, seconds: round(seconds, 1), rowsPerSecond: round(rows / seconds, 0) };
    }
  }
};

const measureAtSize = async (
  client: DossierClient,
  customers: SeededCustomer[],
  settings: BenchSettings,
  tenantId: string,
  step: number,
): Promise<Omit<GrowthStep, 'seeding'>> => {
  const rollUpSeconds = await rolledUp(client, customers.length);
  const monthDay = monthDayIn(new Date());
  // The runtime has not served this tenant yet, or not for a while: its first request reads the
  // tenant's keyring and settings. Warm it, as a busy shop's functions are.
  await walkBirthdays(client, monthDay);
  await client.get(`/v1/customers?phone=${customers[0]!.phone}`);
  const walks = [];
  for (let i = 0; i < Math.max(3, Math.round(settings.growthSamples / 5)); i += 1) walks.push(await walkBirthdays(client, monthDay));
  const walk = walks.at(-1)!;
  const stride = Math.max(1, Math.floor(customers.length / settings.growthSamples));
  return {
    customers: customers.length,
    birthdays: {
      monthDay,
      matches: walk.matches,
      expectedMatches: customers.filter((customer) => customer.birthday?.slice(5) === monthDay).length,
      pages: walk.pages,
      readUnits: walk.readUnits,
      readUnitsPerMatch: walk.matches > 0 ? round(walk.readUnits / walk.matches, 3) : null,
      firstPage: await timedLookups(client, settings.growthSamples, () => `/v1/customers?birthday=${monthDay}&limit=50`),
      allPagesMs: round(median(walks.map((w) => w.ms))),
    },
    list: await timedLookups(client, settings.growthSamples, () => '/v1/customers?limit=50'),
    phone: await timedLookups(client, settings.growthSamples, (sample) => `/v1/customers?phone=${customers[(sample * stride) % customers.length]!.phone}`),
    summary: await timedLookups(client, settings.growthSamples, () => '/v1/reports/summary'),
    pivot: await timedLookups(client, settings.growthSamples, () => '/v1/reports/pivot?rows=city&columns=tier&measure=totalSpend&agg=sum'),
    rollUpSeconds,
    backgroundExport: await backgroundExport(client),
    nightlyJob: await measureNightlyJob(tenantId),
    // A later leap year at every size (any month-day exists), so last size's coupons don't count as this year's.
    birthdayJob: await measureBirthdayJob({ tenantId, customers: customers.length, monthDay, year: 2036 + 4 * step }),
  };
};

export const measureGrowth = async (
  url: string,
  settings: BenchSettings,
  progress: (message: string) => void,
): Promise<GrowthFigures> => {
  const client = new DossierClient(url);
  const tenant = await signUpTenant(client, { slug: `bench-growth-${Date.now().toString(36)}`, name: '增长测试 Growth shop', password: 'bench-password-123' });
  // A different seed from the operations tenant's, so the two tenants are not the same people.
  const target: ServiceSeedTarget = { seed: settings.seed + 1, tenantId: tenant.id, ownerUserId: tenant.ownerId, concurrency: settings.concurrency };
  // The birthday offer on, at the default 09:00 in the tenant's zone (Asia/Shanghai).
  await client.expect(200, 'PATCH', '/v1/tenant/settings', { birthdayOffer: { enabled: true } });
  const customers: SeededCustomer[] = [];
  const steps: GrowthStep[] = [];
  for (const size of settings.growthSizes) {
    const from = customers.length;
    progress(`growth: seeding customers ${from}–${size}`);
    const started = performance.now();
    const { result: added } = await withBatchedPuts(() => createCustomersInProcess(target, { from, to: size }));
    const seconds = (performance.now() - started) / 1000;
    customers.push(...added);
    const buyers = settings.growthHistoryEvery > 0 ? added.filter((customer) => customer.index % settings.growthHistoryEvery === 0) : [];
    const purchasesStarted = performance.now();
    const purchases = await addPurchasesInProcess(target, buyers, { now: new Date(), maxPurchases: 3 });
    const purchaseSeconds = (performance.now() - purchasesStarted) / 1000;
    progress(`growth: measuring at ${size} customers`);
    const measured = await measureAtSize(client, customers, settings, tenant.id, steps.length);
    steps.push({
      ...measured,
      seeding: { added: added.length, seconds: round(seconds, 1), customersPerSecond: round(added.length / seconds, 0), purchases, purchaseSeconds: round(purchaseSeconds, 1) },
    });
  }
  return { seededVia: 'in-process service layer (createCustomer), transactions written as batched writes; purchases as real transactions', steps };
};
