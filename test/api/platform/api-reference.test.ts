import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, get } from '#test/fixtures/api-client';
import { launchChromium, watchForErrors } from '#test/fixtures/browser';

/** GET /docs in a real browser (test/fixtures/browser.ts). */
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the API reference at /docs', () => {
  it('is an HTML page and assets the document describes', async () => {
    const page = await get('/docs');
    const script = await get('/docs/swagger-ui-bundle.js');

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await get('/docs/secrets.txt')).status).toBe(404);
  });

  it('renders every operation and every webhook of /v1/openapi.json with no console errors', async () => {
    const document = (await get('/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
      webhooks: Record<string, Record<string, { operationId: string }>>;
    };
    const operations = [...Object.values(document.paths), ...Object.values(document.webhooks)].flatMap((byMethod) => Object.values(byMethod));
    const page = await browser.newPage();
    const errors = watchForErrors(page);

    await page.goto(`${apiUrl()}/docs`);
    await page.locator('.opblock').nth(operations.length - 1).waitFor({ timeout: 30_000 });

    expect(await page.locator('.opblock').count()).toBe(operations.length);
    for (const { operationId } of operations) expect(await page.locator(`[id$="-${operationId}"]`).count(), operationId).toBe(1);
    expect(await page.locator('.info .title').textContent()).toContain('Dossier API');
    expect(errors).toEqual([]);
    await page.close();
  });
});
