import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, get, patch, post } from '#test/fixtures/api-client';
import { expectAccessible, launchChromium, newConsoleContext, signInAs, watchForErrors } from '#test/fixtures/browser';
import { newStaff, newTenant, type StaffMember, type TestTenant } from '#test/fixtures/tenants';

/**
 * Who sees what in the console: a viewer is offered no edit; a session that ends leads to sign-in
 * and back; a stale edit is told apart from a saved one; English is a switch away. The business
 * and its customer are made through the API; everything checked is what the page shows.
 */
let browser: Browser;
let tenant: TestTenant;
let viewer: StaffMember;
let customerId: string;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

const openPage = async (): Promise<Page> => {
  const context = await newConsoleContext(browser);
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  const pageErrors = watchForErrors(page);
  page.on('close', () => errors.push(...pageErrors));
  return page;
};

const signIn = (page: Page, who: { email: string; password: string }) => signInAs(page, tenant.slug, who);
const owner = () => ({ email: tenant.ownerEmail, password: tenant.ownerPassword });

beforeAll(async () => {
  browser = await launchChromium();
  tenant = await newTenant();
  viewer = await newStaff(tenant, 'viewer');
  const created = await post('/v1/customers', { name: '李娜', phone: '13900001111', tags: ['茶友会'] }, tenant.token);
  customerId = created.body.id;
});
afterAll(async () => {
  await browser?.close();
});

describe('the console by role and session', () => {
  it('offers a viewer the file to read and no control that changes it', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/customers`);
    await signIn(page, viewer);
    await page.getByRole('row', { name: /李娜/ }).waitFor();

    expect(await page.getByRole('link', { name: '新建客户' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '设置' }).count()).toBe(0);
    await page.getByRole('link', { name: '李娜' }).click();
    await page.locator('.console-figure', { hasText: '累计消费' }).getByText('¥0.00').waitFor();
    for (const name of ['记录消费', '登记投诉', '编辑资料', '查看完整信息', '删除客户', '合并重复客户']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.getByText('+86 139****1111').count()).toBe(1);
    await expectAccessible(page, 'customer file for a viewer');
    await page.close();
  });

  it('leads an expired session to sign-in, and back to the address it opened', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/signin`);
    // A session the API no longer accepts (as after its hour): a token with a broken signature.
    const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.broken`;
    const stored = { token, tenantSlug: tenant.slug, user: { id: 'usr_x', email: 'x@example.com', role: 'owner', name: 'X' }, expiresAt: Date.now() + 600_000 };
    await page.evaluate(`sessionStorage.setItem('dossier.session', ${JSON.stringify(JSON.stringify(stored))})`);
    await page.goto(`${apiUrl()}/customers/${customerId}`);

    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await signIn(page, owner());
    await page.getByRole('heading', { name: /李娜/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/${customerId}`);
    expect(page.url()).not.toContain('token');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('dossier.session')")).toBeNull();
    await page.close();
  });

  it('reveals full details to the owner, noting that it is audited', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/customers/${customerId}`);
    await signIn(page, owner());
    await page.getByText('查看完整信息会记入审计日志。').waitFor();

    await page.getByRole('button', { name: '查看完整信息' }).click();

    await page.getByText('+8613900001111').waitFor();
    const audit = await get(`/v1/audit?action=customer.revealed&customerId=${customerId}`, tenant.token);
    expect(audit.body.items.length).toBeGreaterThan(0);
    await page.close();
  });

  it('says a profile was changed by someone else, with the new values, instead of overwriting them', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/customers/${customerId}`);
    await signIn(page, owner());
    await page.getByRole('button', { name: '编辑资料' }).click();
    const current = await get(`/v1/customers/${customerId}`, tenant.token);
    await patch(`/v1/customers/${customerId}`, { address: { city: '杭州' } }, tenant.token, { 'if-match': `"${current.body.version}"` });

    await page.getByLabel('城市').fill('上海');
    await page.getByRole('button', { name: '保存' }).click();

    const alert = page.getByRole('alert').filter({ hasText: '资料已被他人修改' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('杭州');
    expect((await get(`/v1/customers/${customerId}`, tenant.token)).body.address.city).toBe('杭州');
    await page.close();
  });

  it('shows the API’s field errors beside the fields', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/customers/new`);
    await signIn(page, owner());
    await page.getByLabel('姓名').fill('王芳');
    await page.getByLabel('手机').fill('12');
    await page.getByRole('button', { name: '保存' }).click();

    const phoneItem = page.locator('.ant-form-item', { has: page.getByLabel('手机') });
    await phoneItem.locator('.ant-form-item-explain-error').waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers/new');
    await page.close();
  });

  it('speaks English with ?lang=en, and remembers it', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/signin?lang=en`);
    await page.getByLabel('Workspace address').waitFor();
    await page.goto(`${apiUrl()}/signin`);

    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en-US');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    await page.close();
  });

  it('can be worked with the keyboard alone: sign in, then open the form to add a customer', async () => {
    const page = await openPage();
    await page.goto(`${apiUrl()}/signin`);
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    const focused = (name: string) => page.getByLabel(name).evaluate((element) => element === element.ownerDocument.activeElement);

    // Tab order: the language switch, then the form's fields in reading order.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused('工作区地址')).toBe(true);
    await page.keyboard.type(tenant.slug);
    await page.keyboard.press('Tab');
    expect(await focused('邮箱')).toBe(true);
    await page.keyboard.type(tenant.ownerEmail);
    await page.keyboard.press('Tab');
    expect(await focused('密码')).toBe(true);
    await page.keyboard.type(tenant.ownerPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '客户' }).waitFor();
    await page.getByRole('link', { name: '新建客户' }).focus();
    await page.keyboard.press('Enter');

    await page.getByLabel('姓名').waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers/new');
    await page.close();
  });

  it('logged no error in any page but the answers these tests provoked', async () => {
    await Promise.all(contexts.map((context) => context.close()));
    // Chromium logs every 4xx answer; these three are the broken token, the stale edit and the bad phone above.
    const provoked = [401, 412, 400].map((status) => `Failed to load resource: the server responded with a status of ${status}`);
    expect(errors.filter((error) => !provoked.some((answer) => error.startsWith(answer)))).toEqual([]);
    expect(errors).toHaveLength(3);
  });
});
