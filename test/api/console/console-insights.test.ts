import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, get, post } from '#test/fixtures/api-client';
import { expectAccessible, launchChromium, newConsoleContext, watchForErrors } from '#test/fixtures/browser';
import { purchase } from '#test/fixtures/records';
import { drain } from '#test/fixtures/spreadsheets';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';

/**
 * What the console tells the owner about the whole archive: the reports, segments of customers,
 * and refunds. The business, its customers and their purchases are made through the API; what is
 * checked is what the page shows, against what the test gave and what the API answers.
 */
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let tenant: TestTenant;
const ids: Record<string, string> = {};
const purchases: Record<string, string> = {};

const customers = [
  { name: '张伟', city: '杭州', tags: ['茶友会'], spend: [12800, 36800] },
  { name: '王芳', city: '杭州', tags: [], spend: [25600] },
  { name: '李娜', city: '上海', tags: ['茶友会'], spend: [9900] },
  { name: '刘洋', city: '深圳', tags: [], spend: [] },
] as const;
const revenue = customers.flatMap((c) => c.spend).reduce((sum, amount) => sum + amount, 0);

/** The text of a figure the reports screen shows under a label. */
const reportFigure = (label: string) => page.getByRole('group', { name: label, exact: true }).locator('.ant-statistic-content').textContent();
const money = (minor: number) => `¥${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

beforeAll(async () => {
  tenant = await newTenant({ name: '莲花茶馆' });
  for (const customer of customers) {
    const created = await post('/v1/customers', { name: customer.name, address: { country: 'CN', city: customer.city }, tags: customer.tags }, tenant.token);
    expect(created.status, created.text).toBe(201);
    ids[customer.name] = created.body.id;
    for (const amount of customer.spend) {
      const bought = await post(`/v1/customers/${created.body.id}/transactions`, purchase(amount), tenant.token);
      expect(bought.status, bought.text).toBe(201);
      purchases[`${customer.name} ${amount}`] = bought.body.id;
    }
  }
  // The reports trail the archive by the roll-up of its events: wait for it, as a person would not need to.
  await drain();

  browser = await launchChromium();
  context = await newConsoleContext(browser);
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  errors = watchForErrors(page);
  await page.goto(`${apiUrl()}/signin`);
  await page.getByLabel('工作区地址').fill(tenant.slug);
  await page.getByLabel('邮箱').fill(tenant.ownerEmail);
  await page.getByLabel('密码').fill(tenant.ownerPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '客户' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe('the console’s reports, segments and refunds', () => {
  it('shows the customers and revenue it was given, as the summary reports them', async () => {
    const summary = (await get('/v1/reports/summary', tenant.token)).body;

    await page.getByRole('link', { name: '报表' }).click();
    await page.getByRole('heading', { name: '报表' }).waitFor();

    expect(summary.customers).toBe(customers.length);
    expect(summary.revenueByMonth.reduce((sum: number, month: any) => sum + month.revenue.amount, 0)).toBe(revenue);
    expect(await reportFigure('客户总数')).toBe(String(customers.length));
    expect(await reportFigure('累计营收')).toBe(money(revenue));
    expect(await reportFigure('本月营收')).toBe(money(revenue));
    expect(await reportFigure('待处理投诉')).toBe('0');
    const byCity = page.locator('.ant-card', { has: page.getByRole('heading', { name: '按城市' }) });
    expect(await byCity.getByRole('row', { name: /杭州/ }).textContent()).toContain('2');
    await expectAccessible(page, 'reports');
  });

  it('pivots spend by city, as the pivot route answers', async () => {
    const pivot = (await get('/v1/reports/pivot?rows=city&measure=totalSpend&agg=sum', tenant.token)).body;
    await page.goto(`${apiUrl()}/reports`);
    const table = page.locator('.ant-card', { has: page.getByRole('heading', { name: '透视表' }) });

    await page.getByLabel('行', { exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: '城市' }).click();
    await page.getByLabel('指标', { exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: '累计消费' }).click();

    await table.getByRole('columnheader', { name: '累计消费 · 合计' }).waitFor();
    expect(pivot.items.find((item: any) => item.row === '杭州').total).toBe(12800 + 36800 + 25600);
    expect(await table.getByRole('row', { name: /杭州/ }).textContent()).toBe(`杭州${money(12800 + 36800 + 25600)}`);
    expect(await table.getByRole('row', { name: /深圳/ }).textContent()).toBe(`深圳${money(0)}`);
    expect(new URL(page.url()).searchParams.get('measure')).toBe('totalSpend');
  });

  it('logged no error in the page along the way', () => {
    expect(errors).toEqual([]);
  });
});
