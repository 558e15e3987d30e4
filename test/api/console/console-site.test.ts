import { describe, expect, it } from 'vitest';
import { apiUrl } from '#test/fixtures/api-client';
import { CONSOLE_CSP } from '#shared/http/console-site';

/**
 * The console as `npm start` serves it, over plain HTTP: the page at each address of CONSOLE.md,
 * with its own CSP and no inline script; built files cached for good; and nothing else answered
 * with the page (an API path mistyped stays a 404 problem).
 */
const fetchPath = (path: string) => fetch(`${apiUrl()}${path}`, { redirect: 'manual' });
const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);

describe('the console as served by npm start', () => {
  it.each(['/', '/signup', '/signin', '/customers', '/customers/new', '/customers/cus_01JD5ZK1V3Q4ZJ4W8Y9N2M3P4Q', '/followups', '/complaints', '/reports', '/segments', '/segments/seg_01JD5ZK1V3Q4ZJ4W8Y9N2M3P4Q', '/settings'])(
    'answers %s with the page, under its strict CSP',
    async (path) => {
      const answer = await fetchPath(path);
      const html = await answer.text();

      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(html).toContain('<div id="root"></div>');
    },
  );

  it('runs no inline script, so the CSP needs no exception for one', async () => {
    const html = await (await fetchPath('/')).text();

    expect(scriptsOf(html).length).toBeGreaterThan(0);
    for (const tag of scriptsOf(html)) expect(tag).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
    expect(CONSOLE_CSP).toContain("script-src 'self';");
    expect(CONSOLE_CSP).not.toContain("'unsafe-eval'");
  });

  it('serves the production build, whose hashed files may be cached for good', async () => {
    const html = await (await fetchPath('/')).text();
    const entry = /<script[^>]*\ssrc="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;

    const script = await fetchPath(entry);
    const code = await script.text();

    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // React's development build greets with this line; the production build has no such text.
    const all = await Promise.all([...html.matchAll(/"(\/assets\/[^"]+\.js)"/g)].map(async (match) => (await fetchPath(match[1]!)).text()));
    expect([code, ...all].some((source) => source.includes('Download the React DevTools'))).toBe(false);
  });

  it.each(['/v1/no-such-route', '/customers/cus_1/extra', '/assets/../package.json', '/%2e%2e/package.json', '/index.php'])(
    'answers %s with a 404 problem, not the page',
    async (path) => {
      const answer = await fetchPath(path);

      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    },
  );
});
