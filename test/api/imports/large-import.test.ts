import { beforeAll, describe, expect, it } from 'vitest';
import { call, get } from '#test/fixtures/api-client';
import { csvOf, importFile, rowsOfCsv } from '#test/fixtures/spreadsheets';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';

// One tenant, one file of 5,000 customers, 20 of them with one bad cell each: imported once in
// create mode, then again in upsert mode. The whole file is the unit under test, so the suite
// shares it (each import takes tens of seconds on DynamoDB Local).
const ROWS = 5000;
const header = ['姓名', '手机', '邮箱', '生日', '性别', '城市', '标签'];

/** Which rows (0-based among the data) are bad, in which column, with which cell. */
const defects = new Map<number, { column: string; value: string }>();
const defectKinds = [
  { column: '手机', value: '12345' },
  { column: '邮箱', value: 'not-an-email' },
  { column: '生日', value: '1990-13-01' },
  { column: '性别', value: '机器人' },
];
for (let n = 0; n < 20; n += 1) defects.set(97 + n * 241, defectKinds[n % defectKinds.length]!);

const cities = ['上海', '杭州', '北京', '广州', '成都'];

const rowOf = (index: number): string[] => {
  const row = [
    `客户${index}`,
    `135${String(10_000_000 + index * 7).padStart(8, '0')}`,
    `customer${index}@example.com`,
    `19${70 + (index % 30)}-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
    index % 2 === 0 ? '女' : '男',
    cities[index % cities.length]!,
    index % 3 === 0 ? 'vip;茶友' : '茶友',
  ];
  const defect = defects.get(index);
  if (defect) row[header.indexOf(defect.column)] = defect.value;
  return row;
};

const file = csvOf([header, ...Array.from({ length: ROWS }, (_unused, index) => rowOf(index))]);
/** The row each defect is on, as Excel numbers it: the header is row 1. */
const expectedErrors = [...defects].map(([index, defect]) => ({ row: index + 2, column: defect.column })).sort((a, b) => a.row - b.row);

let tenant: TestTenant;
let first: any;
let firstSeconds: number;

beforeAll(async () => {
  tenant = await newTenant();
  const started = performance.now();
  first = await importFile(tenant.token, { body: file, contentType: 'text/csv' }, 'fileName=customers.csv');
  firstSeconds = (performance.now() - started) / 1000;
}, 660_000);

describe('importing 5,000 customers from a CSV', () => {
  it('creates the 4,980 good rows and reports exactly the 20 bad ones, each with its row, column and reason', () => {
    console.log(`5,000-row import: ${firstSeconds.toFixed(1)} s (${Math.round(ROWS / firstSeconds)} rows/s)`);
    expect(first).toMatchObject({ status: 'completed', total: ROWS, processed: ROWS, created: 4980, updated: 0, duplicates: 0, failed: 20, fileName: 'customers.csv' });
    const reported = first.errors.map((error: { row: number; column: string }) => ({ row: error.row, column: error.column })).sort((a: { row: number }, b: { row: number }) => a.row - b.row);
    expect(reported).toEqual(expectedErrors);
    for (const error of first.errors) expect(error.message).toEqual(expect.any(String));
  });

  it('holds the imported customers as if each had been created through the API', async () => {
    const found = await get(`/v1/customers?phone=${rowOf(10)[1]}`, tenant.token);

    expect(found.body.items).toHaveLength(1);
    expect((await get(`/v1/customers/${found.body.items[0].id}`, tenant.token)).body).toMatchObject({
      name: '客户10',
      gender: 'female',
      address: { city: '上海' },
      tags: ['茶友'],
      phone: '+86 135****0070',
    });
  });

  it('offers the bad rows as a CSV with the reason, to fix and import again', async () => {
    const answer = await call('GET', `/v1/imports/${first.id}/failures.csv`, { token: tenant.token });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    const [head, ...rows] = rowsOfCsv(answer.text);
    expect(head).toEqual(['行号', ...header, '错误原因']);
    expect(rows.map((row) => Number(row[0]))).toEqual(expectedErrors.map((error) => error.row));
    const phoneDefect = rows.find((row) => row[2] === '12345');
    expect(phoneDefect?.at(-1)).toMatch(/^手机: /);
  });

  it('changes nothing when the same file is imported again in upsert mode: every good row is found, none created', async () => {
    const customerId = (await get(`/v1/customers?phone=${rowOf(4999)[1]}`, tenant.token)).body.items[0].id as string;
    const before = (await get(`/v1/customers/${customerId}`, tenant.token)).body;

    const again = await importFile(tenant.token, { body: file, contentType: 'text/csv' }, 'mode=upsert');

    expect(again).toMatchObject({ status: 'completed', total: ROWS, created: 0, updated: 0, unchanged: 4980, failed: 20 });
    const after = (await get(`/v1/customers/${customerId}`, tenant.token)).body;
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
  }, 660_000);
});
