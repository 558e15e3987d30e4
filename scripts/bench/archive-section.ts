import { randomBytes } from 'node:crypto';
import { importFileOf, runImport } from '#scripts/seed/import-seeder';
import { DossierClient } from '#scripts/seed/dossier-client';
import { signUpTenant } from '#scripts/seed/http-seeder';
import type { BenchSettings } from './bench-settings.ts';
import { round } from './statistics.ts';

/**
 * Moving a business in and out: one generated CSV of `importRows` customers (Chinese headers,
 * UTF-8 with a BOM) imported through `POST /v1/imports` until done, the same file again in upsert
 * mode (every row found, none written), then the customers exported in one answer as CSV and as
 * .xlsx. Rows per second are of the whole operation as a client sees it (the import's chunks run
 * in the background: from the request to the import's `completed`).
 */
export interface Throughput {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface ArchiveFigures {
  import: Throughput;
  reimportUpsert: Throughput;
  exportCsv: Throughput & { bytes: number };
  exportXlsx: Throughput & { bytes: number };
}

const throughput = (rows: number, seconds: number): Throughput => ({ rows, seconds: round(seconds, 1), rowsPerSecond: round(rows / seconds, 0) });

const timedExport = async (client: DossierClient, format: 'csv' | 'xlsx', rows: number) => {
  const started = performance.now();
  const response = await fetch(`${client.baseUrl}/v1/exports/customers?format=${format}`, { headers: { authorization: `Bearer ${client.token}` } });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (response.status !== 200) throw new Error(`The ${format} export answered ${response.status}`);
  return { ...throughput(rows, (performance.now() - started) / 1000), bytes };
};

export const measureArchive = async (url: string, settings: BenchSettings): Promise<ArchiveFigures> => {
  const client = new DossierClient(url);
  await signUpTenant(client, { slug: `bench-import-${randomBytes(3).toString('hex')}`, name: '导入测试 Import shop', password: 'bench-password-123' });
  // A seed of its own, so these people are not the growth tenant's.
  const file = importFileOf({ seed: settings.seed + 7 }, { from: 0, to: settings.importRows });
  await client.call('POST', '/_local/drain');

  const first = await runImport(client, file);
  if (first.created !== settings.importRows) throw new Error(`The import created ${first.created} of ${settings.importRows} customers (${first.failed} failed)`);
  const again = await runImport(client, file, { mode: 'upsert' });
  if (again.unchanged !== settings.importRows) throw new Error(`The upsert import left ${again.unchanged} of ${settings.importRows} customers unchanged`);
  await client.call('POST', '/_local/drain');
  return {
    import: throughput(settings.importRows, first.seconds),
    reimportUpsert: throughput(settings.importRows, again.seconds),
    exportCsv: await timedExport(client, 'csv', settings.importRows),
    exportXlsx: await timedExport(client, 'xlsx', settings.importRows),
  };
};
