import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DossierError } from '#shared/domain/errors';
import { plans, type Plan } from '#shared/domain/tenant';
import type { UsagePlans } from './usage-plans.ts';

interface Enrolment {
  tenantId: string;
  value: string;
  plan: Plan;
}

const isPlan = (value: unknown): value is Plan => (plans as readonly unknown[]).includes(value);

/**
 * The usage plans of the local runtime: which plan each usage key is in, as API Gateway keeps it,
 * for the local gateway to throttle by (scripts/local/local-throttle.ts). Kept in
 * `<dataDir>/usage-keys/<tenantId>.json` (or only in memory), so a restarted runtime still knows
 * the tenants of its table.
 */
export class LocalUsagePlans implements UsagePlans {
  readonly name = 'local' as const;
  private byKeyId: Promise<Map<string, Enrolment>> | undefined;

  constructor(private readonly options: { dataDir: string; inMemory: boolean }) {}

  private directory(): string {
    return path.join(this.options.dataDir, 'usage-keys');
  }

  private fileOf(keyId: string): string {
    if (!/^local-usage:ten_[0-9A-Z]{26}$/.test(keyId)) throw new DossierError('internal', { detail: 'Malformed local usage key id' });
    return path.join(this.directory(), `${keyId.slice('local-usage:'.length)}.json`);
  }

  private enrolments(): Promise<Map<string, Enrolment>> {
    this.byKeyId ??= (async () => {
      const known = new Map<string, Enrolment>();
      if (this.options.inMemory) return known;
      const files = await readdir(this.directory()).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      });
      for (const file of files.filter((name) => name.endsWith('.json'))) {
        const stored = JSON.parse(await readFile(path.join(this.directory(), file), 'utf8')) as Partial<Enrolment>;
        if (stored.tenantId && stored.value && isPlan(stored.plan)) known.set(`local-usage:${stored.tenantId}`, stored as Enrolment);
      }
      return known;
    })();
    return this.byKeyId;
  }

  private async keep(keyId: string, enrolment: Enrolment): Promise<void> {
    (await this.enrolments()).set(keyId, enrolment);
    if (this.options.inMemory) return;
    await mkdir(this.directory(), { recursive: true, mode: 0o700 });
    await writeFile(this.fileOf(keyId), JSON.stringify(enrolment), { mode: 0o600 });
  }

  async enrolTenant(tenantId: string, value: string, plan: Plan): Promise<string> {
    const keyId = `local-usage:${tenantId}`;
    await this.keep(keyId, { tenantId, value, plan });
    return keyId;
  }

  async moveTenant(keyId: string, from: Plan, to: Plan): Promise<void> {
    const enrolment = (await this.enrolments()).get(keyId);
    if (enrolment && enrolment.plan === from) await this.keep(keyId, { ...enrolment, plan: to });
  }

  async removeTenant(keyId: string): Promise<void> {
    (await this.enrolments()).delete(keyId);
    if (!this.options.inMemory) await rm(this.fileOf(keyId), { force: true });
  }

  /**
   * The plan a usage key is in, as API Gateway finds it for the key an authorizer names; none for
   * an unknown key. A key not known here is looked for again on disk: another process on the same
   * data directory (the seed script's direct mode, the benchmark) may have signed its tenant up.
   */
  async planOf(value: string): Promise<Plan | undefined> {
    const find = async () => [...(await this.enrolments()).values()].find((enrolment) => enrolment.value === value)?.plan;
    const known = await find();
    if (known || this.options.inMemory) return known;
    this.byKeyId = undefined;
    return find();
  }
}
