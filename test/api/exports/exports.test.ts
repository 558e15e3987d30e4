import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, call, get, post } from '#test/fixtures/api-client';
import { e164Of, newCustomer } from '#test/fixtures/customers';
import { download, drain, importFile, rowsOfCsv, rowsOfWorkbook } from '#test/fixtures/spreadsheets';
import { expectProblem, newStaff, newTenant, type TestTenant } from '#test/fixtures/tenants';

let tenant: TestTenant;
let created: Awaited<ReturnType<typeof newCustomer>>[] = [];

const exportOf = (token: string, query: string) => call('GET', `/v1/exports/customers?${query}`, { token });

/** The columns an import reads back (the rest are Dossier's own figures). */
const importable = ['name', 'type', 'gender', 'birthday', 'phone', 'email', 'idNumber', 'country', 'province', 'city', 'district', 'address', 'postalCode', 'company', 'title', 'industry', 'tags', 'source', 'consentSms', 'consentEmail', 'externalIds', 'notes'];

const byName = (rows: string[][]) => {
  const [header, ...data] = rows;
  return new Map(data.map((row) => [row[header!.indexOf('name')]!, Object.fromEntries(importable.map((column) => [column, row[header!.indexOf(column)]]))]));
};

beforeAll(async () => {
  tenant = await newTenant();
  created = [
    await newCustomer(tenant.token, { name: '张伟', tags: ['茶友', 'vip'], externalIds: { erp: 'A-17' }, company: { name: '龙井茶庄', title: '店长' }, preferences: { notes: '喜欢绿茶, 不要糖' } }),
    await newCustomer(tenant.token, { name: 'Zoë "Z" Martin', gender: 'female', consent: { marketingSms: false, marketingEmail: true }, source: 'wechat' }),
    await newCustomer(tenant.token, { name: '李娜', address: { country: 'CN', province: '浙江', city: '杭州', line1: '西湖区 1 号', postalCode: '310000' } }),
  ];
});

describe('GET /v1/exports/customers', () => {
  it('exports a CSV that opens in Excel (BOM, UTF-8) with Chinese intact and no personal value in the clear', async () => {
    const answer = await exportOf(tenant.token, 'format=csv');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = await download(`${apiUrl()}/v1/exports/customers?format=csv`, tenant.token);
    expect([...bytes.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(answer.text).toContain('张伟');
    expect(answer.text).toContain('茶友');
    for (const { body } of created) {
      const secrets = [body.phone, e164Of(body.phone), body.email, body.birthday, body.idNumber, body.address?.line1, body.address?.postalCode].filter(Boolean) as string[];
      for (const secret of secrets) expect(answer.text, secret).not.toContain(secret);
    }
    expect(rowsOfCsv(answer.text)).toHaveLength(1 + created.length);
  });

  it('reveals only to someone permitted, and writes every export to the audit log', async () => {
    const agent = await newStaff(tenant, 'agent');

    expectProblem(await exportOf(agent.token, 'reveal=true'), 403, 'forbidden');
    expect((await exportOf(agent.token, 'format=csv')).status).toBe(200);
    const revealed = await exportOf(tenant.token, 'reveal=true');
    const audit = await get('/v1/audit?action=customers.exported', tenant.token);

    expect(revealed.text).toContain(created[0]!.body.email);
    expect(audit.body.items.slice(0, 2).map((entry: any) => entry.details.reveal)).toEqual([true, false]);
    expect(audit.body.items[0].details).toMatchObject({ format: 'csv', rows: 3 });
  });

  it('round-trips through import: a revealed export imported elsewhere exports the same customers', async () => {
    const exported = await exportOf(tenant.token, 'format=csv&reveal=true');
    const elsewhere = await newTenant();

    const imported = await importFile(elsewhere.token, { body: Buffer.from(exported.text, 'utf8'), contentType: 'text/csv' });
    const again = await exportOf(elsewhere.token, 'format=csv&reveal=true');
    const intoItself = await importFile(tenant.token, { body: Buffer.from(exported.text, 'utf8'), contentType: 'text/csv' }, 'mode=upsert');

    expect(imported).toMatchObject({ status: 'completed', created: 3, failed: 0, ignoredColumns: ['id', 'tier', 'stage', 'totalSpend', 'orderCount', 'lastPurchaseAt', 'createdAt'] });
    expect(byName(rowsOfCsv(again.text))).toEqual(byName(rowsOfCsv(exported.text)));
    expect(intoItself).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('exports a workbook with Chinese headers, and only a segment when asked', async () => {
    const segment = await post('/v1/segments', { name: 'tea', filter: { tags: ['茶友'] } }, tenant.token);

    const bytes = await download(`${apiUrl()}/v1/exports/customers?format=xlsx&headers=zh&segmentId=${segment.body.id}`, tenant.token);
    const rows = await rowsOfWorkbook(bytes.bytes);

    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(rows[0]!.slice(0, 4)).toEqual(['编号', '姓名', '类型', '性别']);
    expect(rows.slice(1).map((row) => row[1])).toEqual(['张伟']);
  });

  it("answers 404 for another tenant's segment", async () => {
    const stranger = await newTenant();
    const theirs = await post('/v1/segments', { name: 'x', filter: {} }, stranger.token);

    expectProblem(await exportOf(tenant.token, `segmentId=${theirs.body.id}`), 404, 'not-found');
  });
});

describe('POST /v1/exports', () => {
  it('writes the export in the background and hands out a link that downloads it', async () => {
    const asked = await post('/v1/exports', { format: 'csv', reveal: false }, tenant.token);
    await drain();
    const done = await get(`/v1/exports/${asked.body.id}`, tenant.token);
    const file = await download(done.body.downloadUrl);
    const direct = await exportOf(tenant.token, 'format=csv');

    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'queued', format: 'csv', reveal: false });
    expect(done.body).toMatchObject({ status: 'completed', exported: 3, rows: 3, downloadUrl: expect.any(String), expiresAt: expect.any(String) });
    expect(file.status).toBe(200);
    expect(rowsOfCsv(file.bytes.toString('utf8')).slice(1).sort()).toEqual(rowsOfCsv(direct.text).slice(1).sort());
  });

  it('refuses a link that was tampered with', async () => {
    const asked = await post('/v1/exports', { format: 'xlsx' }, tenant.token);
    await drain();
    const done = await get(`/v1/exports/${asked.body.id}`, tenant.token);

    const tampered = await download(done.body.downloadUrl.replace(/expires=\d+/, 'expires=9999999999'));

    expect(tampered.status).toBe(403);
  });

  it('needs the reveal permission to export revealed, and keeps exports to their tenant', async () => {
    const agent = await newStaff(tenant, 'agent');
    const stranger = await newTenant();
    const asked = await post('/v1/exports', { format: 'csv' }, tenant.token);

    expectProblem(await post('/v1/exports', { reveal: true }, agent.token), 403, 'forbidden');
    expectProblem(await get(`/v1/exports/${asked.body.id}`, stranger.token), 404, 'not-found');
  });
});
