import { randomUUID } from 'node:crypto';
import { localTimeOf } from '#shared/domain/calendar';
import type { RequestMeta } from '#shared/domain/request-meta';
import { newCapacityLog, withCapacityLog } from '#shared/data/capacity';
import { listActiveTenants } from '#shared/data/tenant-repository';
import type { StartKey } from '#shared/data/pagination';
import { dispatchBirthdayOffers, serveBirthdays } from '#shared/services/birthday-offers';
import { registerWorkQueue, type TenantWork, type WorkQueue } from '#shared/runtime/work-queue';
import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { DossierClient } from '#scripts/seed/dossier-client';
import { signUpTenant } from '#scripts/seed/http-seeder';
import { parseCapacityHeader } from './capacity-header.ts';
import { round } from './statistics.ts';

/**
 * The `birthday-offers` job, measured in this process with its own code inside a capacity log
 * (`POST /_local/jobs/…` answers with a job's result, not its capacity):
 *
 * - one tenant's unit of work at its send hour, as the tenant grows: its reads follow the
 *   customers born that day (the birthday blind index), not the tenant's size;
 * - the hourly look-up of the tenants due, among many tenants in many zones and send hours: its
 *   reads follow the slots and the tenants due, not all tenants.
 */
const benchMeta = (now: Date): RequestMeta => ({ requestId: `bench-${randomUUID()}`, now, sourceIp: undefined, userAgent: 'dossier-bench' });

const unitsOf = (log: ReturnType<typeof newCapacityLog>) => parseCapacityHeader(JSON.stringify(log));

export interface BirthdayJobFigures {
  customers: number;
  monthDay: string;
  /** Customers of the tenant born that day (what the blind index finds). */
  born: number;
  /** Coupons issued (born that day and consenting to SMS or email). */
  issued: number;
  ms: number;
  calls: number;
  readUnits: number;
  /** As DynamoDB Local reports them: its transactional writes are under-counted (see transaction-metering.ts). */
  writeUnits: number;
  readUnitsPerBirthday: number | null;
}

/**
 * One tenant's birthday run at 09:00 Shanghai on `monthDay` of `year` (a new year each time, so
 * every customer born that day is served afresh rather than skipped by last year's guard).
 */
export const measureBirthdayJob = async (request: { tenantId: string; customers: number; monthDay: string; year: number }): Promise<BirthdayJobFigures> => {
  const [month, day] = request.monthDay.split('-').map(Number) as [number, number];
  const at = new Date(Date.UTC(request.year, month - 1, day, 1));
  const log = newCapacityLog();
  const started = performance.now();
  const run = await withCapacityLog(log, () => serveBirthdays({ job: 'birthday-offers', tenantId: request.tenantId, at: at.toISOString() }, benchMeta(at)));
  const ms = performance.now() - started;
  if (run.failed > 0) throw new Error(`${run.failed} birthday offers failed in the benchmark`);
  const units = unitsOf(log);
  return {
    customers: request.customers,
    monthDay: request.monthDay,
    born: run.born,
    issued: run.issued,
    ms: round(ms, 0),
    calls: units.calls.length,
    readUnits: units.readUnits,
    writeUnits: units.writeUnits,
    readUnitsPerBirthday: run.born > 0 ? round(units.readUnits / run.born, 3) : null,
  };
};

export interface SlotLookupFigures {
  tenants: number;
  /** Distinct (time zone, send hour) slots the tenants are in. */
  slots: number;
  /** Tenants signed up with their send hour at the instant, and those the look-up found. */
  expectedDueTenants: number;
  dueTenants: number;
  ms: number;
  calls: number;
  readUnits: number;
  /** For comparison: reading every tenant once, as a job without the slot index would. */
  everyTenantReadUnits: number;
}

const ZONES = ['Asia/Shanghai', 'Asia/Tokyo', 'Asia/Singapore', 'Asia/Kolkata', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Dubai'];

/**
 * Signs `tenants` businesses up over HTTP in zones around the world, each with the birthday offer
 * on at a send hour; `due` of them have their send hour at the measured instant. Then measures the
 * job's look-up of the tenants due (the units of work are collected, not run).
 */
export const measureSlotLookup = async (url: string, request: { tenants: number; due: number; concurrency: number; seed: number }): Promise<SlotLookupFigures> => {
  // 13:00 in Shanghai: not the growth tenant's send hour (09:00), so only this section's tenants are due.
  const at = new Date(Date.UTC(2031, 4, 14, 5));
  const slots = new Set<string>();
  await forEachConcurrently(0, request.tenants, request.concurrency, async (index) => {
    const client = new DossierClient(url);
    const timezone = ZONES[(index * 7 + request.seed) % ZONES.length]!;
    const localHour = localTimeOf(at, timezone).hour;
    const sendHour = index < request.due ? localHour : (localHour + 1 + (index % 23)) % 24;
    await signUpTenant(client, { slug: `bench-slot-${request.seed}-${index}`, name: `时区 ${index}`, password: 'bench-password-123' }).then(() =>
      client.expect(200, 'PATCH', '/v1/tenant', { timezone }),
    );
    await client.expect(200, 'PATCH', '/v1/tenant/settings', { birthdayOffer: { enabled: true, sendHour } });
    slots.add(`${timezone}/${sendHour}`);
  });

  const queued: TenantWork[] = [];
  const collector: WorkQueue = { send: async (work) => void queued.push(...work) };
  registerWorkQueue(collector);
  const log = newCapacityLog();
  const started = performance.now();
  const found = await withCapacityLog(log, () => dispatchBirthdayOffers(benchMeta(at)));
  const ms = performance.now() - started;
  const units = unitsOf(log);

  const everyTenant = newCapacityLog();
  await withCapacityLog(everyTenant, async () => {
    let startKey: StartKey | undefined;
    do {
      const page = await listActiveTenants({ limit: 200, startKey });
      startKey = page.lastKey;
    } while (startKey);
  });
  return {
    tenants: request.tenants,
    slots: slots.size,
    expectedDueTenants: request.due,
    dueTenants: found.tenants,
    ms: round(ms, 1),
    calls: units.calls.length,
    readUnits: units.readUnits,
    everyTenantReadUnits: unitsOf(everyTenant).readUnits,
  };
};
