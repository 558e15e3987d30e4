import { setTimeout as sleep } from 'node:timers/promises';
import { csvOf } from '#shared/spreadsheets/write-csv';
import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { customerBody, historyFor, type CustomerBody, type SeedOptions } from './customer-generator.ts';
import type { DossierClient } from './dossier-client.ts';
import type { SeededCustomer } from './http-seeder.ts';

/**
 * Seeding through the import path, as a business moving in from its spreadsheets would: the
 * generator's customers written to one CSV with Chinese headers (UTF-8 with a BOM, as Excel saves
 * "CSV UTF-8"), sent to `POST /v1/imports`, followed until done; their history then through the API.
 */
const columns: [string, (body: CustomerBody) => string | undefined][] = [
  ['姓名', (b) => b.name],
  ['类型', (b) => (b.type === 'business' ? '企业' : '个人')],
  ['性别', (b) => ({ male: '男', female: '女' })[String(b.gender)]],
  ['生日', (b) => b.birthday],
  ['手机', (b) => b.phone],
  ['邮箱', (b) => b.email as string | undefined],
  ['身份证号', (b) => b.idNumber as string | undefined],
  ['省份', (b) => (b.address as { province?: string } | undefined)?.province],
  ['城市', (b) => (b.address as { city?: string } | undefined)?.city],
  ['区县', (b) => (b.address as { district?: string } | undefined)?.district],
  ['地址', (b) => (b.address as { line1?: string } | undefined)?.line1],
  ['邮编', (b) => (b.address as { postalCode?: string } | undefined)?.postalCode],
  ['公司', (b) => (b.company as { name?: string } | undefined)?.name],
  ['职位', (b) => (b.company as { title?: string } | undefined)?.title],
  ['行业', (b) => (b.company as { industry?: string } | undefined)?.industry],
  ['标签', (b) => (b.tags as string[]).join('、')],
  ['来源', (b) => b.source as string | undefined],
  ['短信营销', (b) => ((b.consent as { marketingSms: boolean }).marketingSms ? '是' : '否')],
  ['邮件营销', (b) => ((b.consent as { marketingEmail: boolean }).marketingEmail ? '是' : '否')],
  ['外部编号', (b) => Object.entries((b.externalIds as Record<string, string> | undefined) ?? {}).map(([system, id]) => `${system}:${id}`).join('; ')],
];

/** The generator's customers [from, to) as a CSV file. */
export const importFileOf = (options: SeedOptions, range: { from: number; to: number }): Buffer =>
  csvOf(
    columns.map(([header]) => header),
    Array.from({ length: range.to - range.from }, (_unused, offset) => {
      const body = customerBody(options, range.from + offset);
      return columns.map(([, value]) => value(body) ?? '');
    }),
  );

export interface ImportOutcome {
  importId: string;
  seconds: number;
  status: string;
  created: number;
  failed: number;
}

/** Sends a file to `POST /v1/imports` and follows the import until it ends. */
export const runImport = async (
  client: DossierClient,
  file: Buffer,
  options: { mode?: 'create' | 'upsert'; onProgress?: (processed: number, total: number) => void } = {},
): Promise<ImportOutcome & { unchanged: number }> => {
  const { onProgress } = options;
  const started = performance.now();
  const asked = await client.upload<{ id: string }>(`/v1/imports?fileName=seed.csv&mode=${options.mode ?? 'create'}`, { bytes: file, contentType: 'text/csv' });
  for (;;) {
    const { body } = await client.get<{ status: string; processed: number; total: number; created: number; unchanged: number; failed: number }>(`/v1/imports/${asked.body.id}`);
    onProgress?.(body.processed, body.total);
    if (body.status === 'completed' || body.status === 'failed') {
      return { importId: asked.body.id, seconds: (performance.now() - started) / 1000, status: body.status, created: body.created, unchanged: body.unchanged, failed: body.failed };
    }
    await sleep(500);
  }
};

/** Customers [from, to) through one import, then each one's purchases and conversations through the API. */
export const seedCustomersByImport = async (
  client: DossierClient,
  run: SeedOptions & { from: number; to: number; concurrency: number; withHistory: boolean; now: Date; onProgress?: (processed: number, total: number) => void },
): Promise<{ outcome: ImportOutcome; customers: SeededCustomer[] }> => {
  const outcome = await runImport(client, importFileOf(run, run), { onProgress: run.onProgress });
  const customers: SeededCustomer[] = [];
  await forEachConcurrently(run.from, run.to, run.concurrency, async (index) => {
    const body = customerBody(run, index);
    const found = await client.get<{ items: { id: string }[] }>(`/v1/customers?phone=${body.phone}`);
    const id = found.body.items[0]?.id;
    if (!id) return;
    const history = run.withHistory ? historyFor(run, index, run.now) : { transactions: [], interactions: [] };
    for (const purchase of history.transactions) await client.post(`/v1/customers/${id}/transactions`, purchase);
    for (const conversation of history.interactions) await client.post(`/v1/customers/${id}/interactions`, conversation);
    customers.push({ index, id, phone: body.phone, birthday: body.birthday, transactions: history.transactions.length, interactions: history.interactions.length });
  });
  return { outcome, customers: customers.sort((a, b) => a.index - b.index) };
};
