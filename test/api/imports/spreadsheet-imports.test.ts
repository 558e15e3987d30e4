import { describe, expect, it } from 'vitest';
import { call, get } from '#test/fixtures/api-client';
import { csvOf, drain, gbkOf, importFile, startImport, workbookOf, XLSX } from '#test/fixtures/spreadsheets';
import { expectProblem, newStaff, newTenant } from '#test/fixtures/tenants';

const revealed = async (token: string, phone: string) => {
  const found = await get(`/v1/customers?phone=${phone}`, token);
  expect(found.body.items, phone).toHaveLength(1);
  return (await get(`/v1/customers/${found.body.items[0].id}?reveal=true`, token)).body;
};

describe('POST /v1/imports: what a file may look like', () => {
  it('reads a CSV saved by Excel in GBK with Chinese headers, Chinese intact', async () => {
    const tenant = await newTenant();
    const text = csvOf([
      ['姓名', '手机号码', '电子邮件', '出生日期', '性别', '省份', '城市', '标签', '短信营销'],
      ['王芳', '138 0013 8000', 'Wang.Fang@Example.com', '1992年5月8日', '女', '浙江', '杭州', '茶友、会员', '是'],
      ['赵磊', '13900139000', '', '1980/12/1', '男', '广东', '深圳', '', '否'],
    ]);

    const done = await importFile(tenant.token, { body: gbkOf(text), contentType: 'text/csv' });

    expect(done).toMatchObject({ status: 'completed', encoding: 'gbk', created: 2, failed: 0 });
    expect(await revealed(tenant.token, '13800138000')).toMatchObject({
      name: '王芳',
      email: 'wang.fang@example.com',
      birthday: '1992-05-08',
      gender: 'female',
      address: { province: '浙江', city: '杭州' },
      tags: ['茶友', '会员'],
      consent: { marketingSms: true, marketingEmail: false },
    });
    expect(await revealed(tenant.token, '13900139000')).toMatchObject({ name: '赵磊', birthday: '1980-12-01', address: { city: '深圳' } });
  });

  it('reads UTF-8 with a byte-order mark, and English headers', async () => {
    const tenant = await newTenant();
    const text = `\uFEFF${csvOf([['Name', 'Phone', 'E-mail', 'Birthday', 'Tags'], ['Zoë Martin', '+44 20 7946 0958', 'zoe@example.com', '1991-02-03', 'vip; tea']])}`;

    const done = await importFile(tenant.token, { body: Buffer.from(text, 'utf8'), contentType: 'text/csv' });

    expect(done).toMatchObject({ status: 'completed', encoding: 'utf-8', created: 1 });
    expect(await revealed(tenant.token, encodeURIComponent('+442079460958'))).toMatchObject({ name: 'Zoë Martin', tags: ['vip', 'tea'] });
  });

  it('reads an .xlsx workbook with Chinese headers, numbers and dates as Excel keeps them', async () => {
    const tenant = await newTenant();
    const workbook = await workbookOf([
      ['姓名', '手机', '生日', '城市', '外部编号'],
      ['陈静', 13700137000, new Date(Date.UTC(1988, 6, 21)), '上海', 'erp:A-1001'],
      ['刘洋', '13600136000', '1979-01-30', '北京', ''],
    ]);

    const done = await importFile(tenant.token, { body: workbook, contentType: XLSX });

    expect(done).toMatchObject({ status: 'completed', format: 'xlsx', created: 2, failed: 0 });
    expect(await revealed(tenant.token, '13700137000')).toMatchObject({ name: '陈静', birthday: '1988-07-21', externalIds: { erp: 'A-1001' } });
    expect((await get('/v1/customers?externalId=erp:A-1001', tenant.token)).body.items).toHaveLength(1);
  });

  it('takes a column mapping for headers it would not know, and lists the columns it ignored', async () => {
    const tenant = await newTenant();
    const text = csvOf([['会员名', '会员电话', '积分'], ['孙丽', '13500135000', '120']]);

    const done = await importFile(tenant.token, { body: text, contentType: 'text/csv' }, `mapping=${encodeURIComponent(JSON.stringify({ 会员名: 'name', 会员电话: 'phone' }))}`);

    expect(done).toMatchObject({ status: 'completed', created: 1, ignoredColumns: ['积分'] });
    expect(await revealed(tenant.token, '13500135000')).toMatchObject({ name: '孙丽' });
  });

  it('announces import.completed with its counts, and no personal value', async () => {
    const tenant = await newTenant();
    const done = await importFile(tenant.token, { body: csvOf([['姓名', '手机'], ['韩梅', '13200132000'], ['李雷', '12']]), contentType: 'text/csv' });
    await drain();

    const events = await get(`/_local/events?tenantId=${tenant.id}&type=import.completed`);

    expect(events.body.items).toEqual([
      expect.objectContaining({ data: { importId: done.id, status: 'completed', total: 2, created: 1, updated: 0, unchanged: 0, duplicates: 0, failed: 1 } }),
    ]);
    expect(JSON.stringify(events.body.items)).not.toContain('13200132000');
  });

  it('fails a file without a name column at its header row, and imports nothing', async () => {
    const tenant = await newTenant();

    const done = await importFile(tenant.token, { body: csvOf([['手机'], ['13400134000']]), contentType: 'text/csv' });

    expect(done).toMatchObject({ status: 'failed', total: 0, created: 0 });
    expect(done.errors).toEqual([expect.objectContaining({ row: 1, path: 'name' })]);
  });

  it('skips rows whose phone already belongs to a customer in create mode, and updates them in upsert mode', async () => {
    const tenant = await newTenant();
    await importFile(tenant.token, { body: csvOf([['姓名', '手机', '城市'], ['周杰', '13300133000', '上海']]), contentType: 'text/csv' });
    const moved = csvOf([['姓名', '手机', '城市'], ['周杰', '13300133000', '成都']]);

    const created = await importFile(tenant.token, { body: moved, contentType: 'text/csv' });
    const upserted = await importFile(tenant.token, { body: moved, contentType: 'text/csv' }, 'mode=upsert');

    expect(created).toMatchObject({ created: 0, duplicates: 1, failed: 0 });
    expect(upserted).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await revealed(tenant.token, '13300133000')).toMatchObject({ address: { city: '成都' } });
  });

  it('refuses a body that is not a CSV or a workbook (415), a mapping to no field (400), and viewers (403)', async () => {
    const tenant = await newTenant();
    const viewer = await newStaff(tenant, 'viewer');

    expectProblem(await call('POST', '/v1/imports', { token: tenant.token, body: { name: 'x' } }), 415, 'unsupported-media-type');
    const badMapping = await startImport(tenant.token, { body: 'a\nb\n', contentType: 'text/csv' }, `mapping=${encodeURIComponent('{"a":"shoeSize"}')}`);
    expectProblem(badMapping, 400, 'validation-failed');
    expect(badMapping.body.errors).toEqual([expect.objectContaining({ path: 'mapping.a' })]);
    expectProblem(await startImport(viewer.token, { body: 'name\nx\n', contentType: 'text/csv' }), 403, 'forbidden');
  });

  it("answers 404 for another tenant's import and its failed rows", async () => {
    const owner = await newTenant();
    const stranger = await newTenant();
    const done = await importFile(owner.token, { body: csvOf([['name', 'phone'], ['x', '12']]), contentType: 'text/csv' });

    expectProblem(await get(`/v1/imports/${done.id}`, stranger.token), 404, 'not-found');
    expectProblem(await call('GET', `/v1/imports/${done.id}/failures.csv`, { token: stranger.token }), 404, 'not-found');
  });

  it('lets only the importer, or someone who may reveal, download the failed rows', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const otherAgent = await newStaff(tenant, 'agent');
    const done = await importFile(agent.token, { body: csvOf([['name', 'phone'], ['x', '12']]), contentType: 'text/csv' });

    expect((await call('GET', `/v1/imports/${done.id}/failures.csv`, { token: agent.token })).status).toBe(200);
    expect((await call('GET', `/v1/imports/${done.id}/failures.csv`, { token: tenant.token })).status).toBe(200);
    expectProblem(await call('GET', `/v1/imports/${done.id}/failures.csv`, { token: otherAgent.token }), 403, 'forbidden');
  });
});
