import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, get, post } from '#test/fixtures/api-client';
import { expectAccessible, launchChromium, ownerConsole } from '#test/fixtures/browser';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';
import { startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

/**
 * The rest of a working day in the console, as the owner: finding people by a Chinese name,
 * follow-ups, conversations, merging a duplicate, erasing, and the admin's settings (staff, API
 * keys, webhooks, audit). The business and its customers are made through the API; what is
 * checked is what the page shows and what the API then holds.
 */
let browser: Browser;
let page: Page;
let errors: string[];
let tenant: TestTenant;
let receiver: Receiver;
const ids: Record<string, string> = {};

const dialog = (name: string) => page.getByRole('dialog', { name });
const openFile = async (name: string) => {
  await page.goto(`${apiUrl()}/customers/${ids[name]}`);
  await page.getByRole('heading', { name: new RegExp(name) }).waitFor();
};
const openSettings = async (tab: string) => {
  await page.goto(`${apiUrl()}/settings`);
  await page.getByRole('tab', { name: tab }).click();
};
/** The calendar day of an instant in Shanghai, the tenant's time zone. */
const shanghaiDay = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(instant);

beforeAll(async () => {
  tenant = await newTenant({ name: '莲花茶馆' });
  for (const [name, phone, tags] of [
    ['张伟', '13812345678', ['茶友会']],
    ['张敏', '13700001111', []],
    ['李娜', '13900002222', ['茶友会']],
    ['张伟 (重复)', '13600003333', []],
    ['刘洋', '13500004444', []],
  ] as const) {
    const created = await post('/v1/customers', { name, phone, tags }, tenant.token);
    expect(created.status, created.text).toBe(201);
    ids[name] = created.body.id;
  }
  const purchase = await post(
    `/v1/customers/${ids['张伟 (重复)']}/transactions`,
    { occurredAt: new Date().toISOString(), amount: { amount: 5000, currency: 'CNY' }, channel: 'store', paymentMethod: 'cash' },
    tenant.token,
  );
  expect(purchase.status, purchase.text).toBe(201);
  receiver = await startReceiver();

  browser = await launchChromium();
  ({ page, errors } = await ownerConsole(browser, tenant));
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

describe('the console through a working day', () => {
  it('finds customers by the first character of a Chinese name as it is typed, and by tag', async () => {
    await page.getByLabel('搜索客户').fill('张');

    await page.getByText('已显示 3 位客户').waitFor();
    expect(await page.getByRole('row', { name: /张伟/ }).count()).toBe(2);
    expect(await page.getByRole('row', { name: /张敏/ }).count()).toBe(1);

    await page.getByLabel('搜索客户').fill('');
    await page.getByLabel('标签').fill('茶友会');
    await page.getByText('已显示 2 位客户').waitFor();
    expect(await page.getByRole('row', { name: /李娜/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /刘洋/ }).count()).toBe(0);
  });

  it('logs a conversation and shows it on the timeline', async () => {
    await openFile('李娜');

    await page.getByRole('button', { name: '记录沟通' }).click();
    await dialog('记录沟通').getByLabel('主题').fill('新茶到店通知');
    await dialog('记录沟通').getByLabel('摘要').fill('客户说周末来店');
    await dialog('记录沟通').getByRole('button', { name: '保存' }).click();
    await dialog('记录沟通').waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '动态' }).click();

    await page.getByText('电话 · 新茶到店通知 — 客户说周末来店').waitFor();
    await expectAccessible(page, 'customer timeline');
  });

  it('shows a refund on the timeline, and the purchase it took part of back', async () => {
    const base = `/v1/customers/${ids['张敏']}`;
    const bought = await post(`${base}/transactions`, { occurredAt: new Date().toISOString(), amount: { amount: 12800, currency: 'CNY' }, channel: 'store', paymentMethod: 'wechat' }, tenant.token);
    const refunded = await post(`${base}/refunds`, { transactionId: bought.body.id, amount: { amount: 2800, currency: 'CNY' }, reason: '少发一盒' }, tenant.token);
    expect(refunded.status, refunded.text).toBe(201);

    await openFile('张敏');
    await page.getByRole('tab', { name: '动态' }).click();

    await page.getByText('−¥28.00 · 少发一盒').waitFor();
    await page.getByText('¥128.00 · 门店 · 微信支付 · 部分退款').waitFor();
    expect(await page.locator('.console-figure', { hasText: '累计消费' }).locator('dd').textContent()).toBe('¥100.00');
  });

  it('issues a coupon on the file and redeems it when the customer shows it', async () => {
    await openFile('李娜');
    await page.getByRole('button', { name: '发放优惠券' }).click();
    await dialog('发放优惠券').getByLabel('数值').fill('15');
    await dialog('发放优惠券').getByLabel('名称').fill('会员日九折');
    await dialog('发放优惠券').getByRole('button', { name: '保存' }).click();
    await dialog('发放优惠券').waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '优惠券' }).click();
    const coupon = page.getByRole('row', { name: /会员日九折/ });
    await coupon.getByText('未使用').waitFor();
    await expectAccessible(page, 'customer coupons');

    await coupon.getByRole('button', { name: '核销' }).click();

    await coupon.getByText('已使用').waitFor();
    expect(await coupon.getByRole('button', { name: '核销' }).count()).toBe(0);
    const coupons = await get(`/v1/customers/${ids['李娜']}/coupons`, tenant.token);
    expect(coupons.body.items.map((c: any) => [c.title, c.value, c.status])).toEqual([['会员日九折', 15, 'redeemed']]);
  });

  it('schedules a follow-up from the file, lists it among my follow-ups and completes it there', async () => {
    await openFile('张敏');
    const due = new Date(Date.now() + 5 * 60_000);
    const dueText = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(due);

    await page.getByRole('button', { name: '安排回访' }).click();
    await dialog('安排回访').getByLabel('事项').fill('回访：新茶试饮感受');
    await dialog('安排回访').getByLabel('回访时间').fill(dueText);
    await dialog('安排回访').getByLabel('回访时间').press('Enter');
    await dialog('安排回访').getByRole('button', { name: '保存' }).click();
    await dialog('安排回访').waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: '回访' }).click();

    const section = shanghaiDay(due) === shanghaiDay(new Date()) ? '今天到期' : '即将到期';
    const card = page.locator('.ant-card', { has: page.getByRole('heading', { name: new RegExp(section) }) });
    const item = card.getByRole('listitem').filter({ hasText: '回访：新茶试饮感受' });
    await item.waitFor();
    await expectAccessible(page, 'follow-ups with one due');
    await item.getByRole('button', { name: '完成' }).click();
    await dialog('完成').getByLabel('回访结果').fill('很喜欢，下周再买');
    await dialog('完成').getByRole('button', { name: '完成' }).click();

    await item.waitFor({ state: 'detached' });
    const followups = await get(`/v1/customers/${ids['张敏']}/followups`, tenant.token);
    // The purchase above also planned a care follow-up (afterFirstPurchase); this one is ours.
    const ours = followups.body.items.filter((f: any) => f.title === '回访：新茶试饮感受');
    expect(ours.map((f: any) => [f.status, f.outcome])).toEqual([['done', '很喜欢，下周再买']]);
  });

  it('merges a duplicate into the file: its purchase moves over and the duplicate is gone', async () => {
    await openFile('张伟');
    await page.locator('.console-figure', { hasText: '订单数' }).getByText('0').waitFor();

    await page.getByRole('button', { name: '合并重复客户' }).click();
    await dialog('合并重复客户').getByLabel('要并入的重复客户').click();
    // Ant Design's list items carry no role of their own (a hidden listbox speaks for them).
    await page.locator('.ant-select-item-option', { hasText: '张伟 (重复)' }).click();
    await dialog('合并重复客户').getByRole('button', { name: '合并重复客户' }).click();

    await page.locator('.console-figure', { hasText: '累计消费' }).getByText('¥50.00').waitFor();
    expect((await get(`/v1/customers/${ids['张伟 (重复)']}`, tenant.token)).status).toBe(404);
  });

  it('erases a customer only once their name is typed to confirm', async () => {
    await openFile('刘洋');
    await page.getByRole('button', { name: '删除客户' }).click();
    const confirm = dialog('删除客户').getByRole('button', { name: '删除客户' });
    expect(await confirm.isDisabled()).toBe(true);

    await dialog('删除客户').getByLabel('请输入客户姓名以确认').fill('刘洋');
    await confirm.click();

    await page.getByRole('heading', { name: '客户' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    expect((await get(`/v1/customers/${ids['刘洋']}`, tenant.token)).status).toBe(404);
  });

  it('issues an API key whose secret is shown once, with a button that copies it', async () => {
    await openSettings('API 密钥');
    await page.getByLabel('名称').fill('收银台 1 号');

    await page.getByRole('button', { name: '创建密钥' }).click();
    const secret = page.getByLabel('请立即复制：密钥只显示这一次。');
    await secret.waitFor();
    const key = await secret.inputValue();
    await page.getByRole('button', { name: '复制' }).click();
    await page.getByRole('button', { name: '已复制' }).waitFor();

    expect(key).toMatch(/^dsk_/);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    expect((await get('/v1/customers', key)).status).toBe(200);
    await page.getByRole('row', { name: /收银台 1 号/ }).waitFor();
    await openSettings('API 密钥');
    await page.getByRole('row', { name: /收银台 1 号/ }).waitFor();
    expect(await page.getByText(key).count()).toBe(0);
    expect(await secret.count()).toBe(0);
  });

  it('adds a staff member with a role, who can then sign in', async () => {
    await openSettings('员工与角色');
    await page.getByLabel('姓名').fill('王店员');
    await page.getByLabel('邮箱').fill(`clerk@${tenant.slug}.example.com`);
    await page.getByLabel('初始密码').fill('clerk-password-123');

    await page.getByRole('button', { name: '添加员工' }).click();

    await page.getByRole('row', { name: /王店员/ }).waitFor();
    const login = await post('/v1/auth/login', { tenantSlug: tenant.slug, email: `clerk@${tenant.slug}.example.com`, password: 'clerk-password-123' });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('agent');
  });

  it('limits agents to their own customers when the admin says so', async () => {
    const clerk = (await post('/v1/auth/login', { tenantSlug: tenant.slug, email: `clerk@${tenant.slug}.example.com`, password: 'clerk-password-123' })).body.token;
    expect((await get('/v1/customers', clerk)).body.items.length).toBeGreaterThan(0);
    await openSettings('访问范围');

    await page.getByRole('radio', { name: '只看自己负责的客户（以及有待办回访的客户）' }).check();
    await page.getByRole('button', { name: '保存' }).click();

    await page.getByText('已保存').waitFor();
    expect((await get('/v1/tenant', tenant.token)).body.settings.visibility).toBe('own');
    expect((await get('/v1/customers', clerk)).body.items).toEqual([]);
  });

  it('registers a webhook, shows its deliveries, and retries one that failed', async () => {
    receiver.answerWith(500);
    await openSettings('Webhook');
    await page.getByLabel('接收地址（https）').fill(receiver.url);
    await page.getByRole('button', { name: '添加 Webhook' }).click();
    await page.getByLabel('签名密钥只显示这一次：').waitFor();

    await page.getByRole('button', { name: new RegExp(receiver.url.replace(/[.:/]/g, '\\$&')) }).click();
    await page.getByRole('button', { name: '发送测试事件' }).click();
    const delivery = page.getByRole('row', { name: /webhook\.test/ });
    await delivery.getByText('500').waitFor();
    await delivery.getByRole('button', { name: '重新投递' }).click();

    await delivery.getByText('succeeded').waitFor();
    expect(receiver.received.map((request) => request.event.type)).toEqual(['webhook.test', 'webhook.test']);
  });

  it('shows the audit log, and every settings tab passes axe', async () => {
    await openSettings('审计日志');
    await page.getByRole('cell', { name: 'customer.merged' }).first().waitFor();

    for (const tab of ['生日礼', '关怀规则', '等级', '模板', '访问范围', '员工与角色', 'API 密钥', 'Webhook', '审计日志']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').getByRole('status').waitFor({ state: 'detached' });
      await expectAccessible(page, `settings: ${tab}`);
    }
  });

  it('logged no error in the page along the way', () => {
    expect(errors).toEqual([]);
  });
});
