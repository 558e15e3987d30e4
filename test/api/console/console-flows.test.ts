import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl } from '#test/fixtures/api-client';
import { expectAccessible, launchChromium, newConsoleContext, signInAs, watchForErrors } from '#test/fixtures/browser';
import { uniqueSlug } from '#test/fixtures/tenants';

/**
 * The console in Chromium against the real local runtime, as the owner of a new business uses it:
 * sign up, add a customer, find them, record a purchase, log a complaint and resolve it. Each
 * screen is checked with axe-core, and the page must log no error along the way.
 */
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
const slug = uniqueSlug('console');
let customerPath = '';

const figure = (label: string) => page.locator('.console-figure', { hasText: label }).locator('dd');

beforeAll(async () => {
  browser = await launchChromium();
  context = await newConsoleContext(browser);
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  errors = watchForErrors(page);
});
afterAll(async () => {
  await browser?.close();
});

describe('the console, as the owner of a new business', () => {
  it('signs the business up through the page and lands on the customer list', async () => {
    await page.goto(`${apiUrl()}/signup`);
    await expectAccessible(page, 'sign-up');

    await page.getByLabel('企业名称').fill('莲花茶馆');
    await page.getByLabel('工作区地址').fill(slug);
    await page.getByLabel('邮箱').fill(`owner@${slug}.example.com`);
    await page.getByLabel('密码').fill('correct-horse-battery');
    await page.getByRole('button', { name: '注册' }).click();

    await page.getByRole('heading', { name: '客户' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    await expectAccessible(page, 'customer list');
  });

  it('adds a customer and finds them again by phone', async () => {
    await page.getByRole('link', { name: '新建客户' }).click();
    await page.getByLabel('姓名').fill('张伟');
    await page.getByLabel('手机').fill('138 1234 5678');
    await page.getByLabel('邮箱').fill('Zhang.Wei@Example.com');
    await expectAccessible(page, 'new customer');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: /张伟/ }).waitFor();
    customerPath = new URL(page.url()).pathname;

    await page.getByRole('link', { name: '客户', exact: true }).click();
    await page.getByLabel('搜索客户').fill('+86 138-1234-5678');

    await page.getByRole('row', { name: /张伟/ }).waitFor();
    expect(await page.getByRole('row', { name: /张伟/ }).textContent()).toContain('+86 138****5678');
    expect(customerPath).toMatch(/^\/customers\/cus_/);
  });

  it('records a purchase on the customer file and shows the figures change', async () => {
    await page.getByRole('row', { name: /张伟/ }).getByRole('link', { name: '张伟' }).click();
    await figure('累计消费').waitFor();
    expect(await figure('累计消费').textContent()).toBe('¥0.00');
    await expectAccessible(page, 'customer file');

    await page.getByRole('button', { name: '记录消费' }).click();
    const dialog = page.getByRole('dialog', { name: '记录消费' });
    await dialog.getByLabel('金额').fill('128');
    await dialog.getByRole('button', { name: '保存' }).click();

    await page.locator('.console-figure', { hasText: '累计消费' }).getByText('¥128.00').waitFor();
    expect(await figure('订单数').textContent()).toBe('1');
    expect(Number(await figure('积分').textContent())).toBeGreaterThan(0);
    await page.getByRole('tab', { name: '动态' }).click();
    await page.getByText('¥128.00 · 门店 · 微信支付').waitFor();
  });

  it('logs a complaint on the file and resolves it from the work list', async () => {
    await page.getByRole('button', { name: '登记投诉' }).click();
    const dialog = page.getByRole('dialog', { name: '登记投诉' });
    await dialog.getByLabel('内容').fill('龙井茶送到时已经凉了');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: '投诉' }).click();
    const row = page.getByRole('row', { name: /龙井茶送到时已经凉了/ });
    await row.waitFor();
    await expectAccessible(page, 'complaints');
    await row.getByRole('button', { name: '解决' }).click();
    const resolve = page.getByRole('dialog', { name: '解决' });
    await resolve.getByLabel('处理结果').fill('已重新冲泡并致歉');
    await resolve.getByRole('button', { name: '解决' }).click();

    await row.waitFor({ state: 'detached' });
    await page.getByText('没有待处理的投诉').waitFor();
  });

  it('shows my follow-ups and the settings screens without accessibility violations', async () => {
    await page.getByRole('link', { name: '回访' }).click();
    await page.getByRole('heading', { name: '我的回访' }).waitFor();
    await expectAccessible(page, 'follow-ups');

    await page.getByRole('link', { name: '设置' }).click();
    await page.getByLabel('发送时刻（点）').waitFor();
    await expectAccessible(page, 'settings');
  });

  it('fits a phone at the till: the customer file at 375 px wide scrolls no page sideways', async () => {
    const phone = await newConsoleContext(browser, { width: 375 });
    const small = await phone.newPage();
    const smallErrors = watchForErrors(small);
    await small.goto(`${apiUrl()}/signin`);
    await signInAs(small, slug, { email: `owner@${slug}.example.com`, password: 'correct-horse-battery' });
    await small.getByRole('heading', { name: '客户' }).waitFor();
    await small.goto(`${apiUrl()}${customerPath}`);
    await small.locator('.console-figure', { hasText: '累计消费' }).getByText('¥128.00').waitFor();

    expect(await small.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(await small.getByRole('button', { name: '记录消费' }).isVisible()).toBe(true);
    await expectAccessible(small, 'customer file at 375 px');
    expect(smallErrors).toEqual([]);
    await phone.close();
  });

  it('logged no error in the page along the way', () => {
    expect(errors).toEqual([]);
  });
});
