import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { projectRoot } from './console-build.ts';

/**
 * Pictures of the console for the README and for a person to judge it: a business with a customer
 * who has bought, talked and complained, shown on each screen. Against a running `npm start`:
 *
 *   npx tsx scripts/web/console-screenshots.ts [http://localhost:3000] [out-dir]
 *
 * Debian's Chromium with fonts-noto-cjk (without them Chinese shows as boxes).
 */
const base = process.argv[2] ?? 'http://localhost:3000';
const outDir = path.resolve(process.argv[3] ?? path.join(projectRoot, 'docs', 'images'));
const slug = `lotus-${Date.now().toString(36)}`;
const password = 'correct-horse-battery';

const call = async (method: string, route: string, body?: unknown, token?: string) => {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};

const signUp = await call('POST', '/v1/tenants', { name: '莲花茶馆', slug, ownerEmail: `owner@${slug}.example.com`, ownerPassword: password, ownerName: '陈静' });
const token: string = signUp.token;
const customer = await call(
  'POST',
  '/v1/customers',
  {
    name: '张伟',
    phone: '138 1234 5678',
    email: 'zhang.wei@example.com',
    birthday: '1990-03-15',
    gender: 'male',
    address: { province: '上海', city: '上海', district: '徐汇区', line1: '漕溪北路 88 号' },
    tags: ['茶友会', '龙井'],
    consent: { marketingSms: true, marketingEmail: false },
  },
  token,
);
for (const name of ['王芳', '李娜', '刘洋', '陈静怡']) await call('POST', '/v1/customers', { name, tags: ['茶友会'] }, token);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
for (const [offset, amount] of [[-40, 12800], [-12, 36800], [-2, 8800]] as const) {
  await call('POST', `/v1/customers/${customer.id}/transactions`, { occurredAt: day(offset), amount: { amount, currency: 'CNY' }, channel: 'store', paymentMethod: 'wechat' }, token);
}
await call('POST', `/v1/customers/${customer.id}/interactions`, { occurredAt: day(-1), channel: 'wechat', direction: 'outbound', topic: '新茶到店通知', summary: '客户说周末来店' }, token);
await call('POST', `/v1/customers/${customer.id}/feedback`, { type: 'complaint', content: '龙井茶送到时已经凉了', rating: 2 }, token);
await call('POST', `/v1/customers/${customer.id}/followups`, { dueAt: day(0.1), title: '回访：新茶试饮感受', assigneeUserId: signUp.owner.id }, token);
await call('POST', `/v1/customers/${customer.id}/followups`, { dueAt: day(-1), title: '确认会员卡续费', assigneeUserId: signUp.owner.id }, token);

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const shoot = async (width: number, shots: [string, string, string?][]) => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.getByLabel('工作区地址').fill(slug);
  await page.getByLabel('邮箱').fill(`owner@${slug}.example.com`);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '客户' }).waitFor();
  for (const [address, file, waitForText] of shots) {
    await page.goto(`${base}${address.replace('{id}', customer.id)}`);
    await page.getByText(waitForText ?? '退出登录').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(outDir, file), fullPage: true });
    console.log(`${address} → ${path.join(outDir, file)}`);
  }
  await context.close();
};
await shoot(1280, [
  ['/customers/{id}', 'console-customer-file.png', '¥584.00'],
  ['/customers', 'console-customers.png', '陈静怡'],
  ['/followups', 'console-followups.png', '确认会员卡续费'],
  ['/complaints', 'console-complaints.png', '龙井茶送到时已经凉了'],
  ['/settings', 'console-settings.png', '发送时刻（点）'],
]);
await shoot(375, [['/customers/{id}', 'console-customer-file-375.png', '¥584.00']]);
await browser.close();
