/**
 * The staff console as a site (web/, CONSOLE.md): its addresses, its Content-Security-Policy and
 * how long its files may be cached. The local runtime (scripts/local/console-files.ts) and
 * CloudFront (infra/constructs/console-site.ts) both serve it by these, so the two can't drift.
 */

/**
 * The console's own addresses: each answers with index.html and the app routes in the page.
 * Anything else that is not a file of the build stays a 404 (an API path mistyped is not a page).
 */
export const CONSOLE_ADDRESS = /^\/(?:signup|signin|followups|complaints|settings|reports|segments(?:\/[A-Za-z0-9_]{1,64})?|customers(?:\/(?:new|[A-Za-z0-9_]{1,64}))?)?\/?$/;

/**
 * Scripts only from this origin and no inline script, so an injected `<script>` does not run; the
 * API is this origin too (connect-src 'self'). Ant Design writes its styles as `<style>` elements
 * at run time (CSS-in-JS), which needs 'unsafe-inline' for styles: styles can't run code. Nothing
 * may frame the console (clickjacking), and it posts no forms anywhere but here.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Hashed build files never change under their name; index.html must be asked for each time. */
export const consoleCacheControl = (file: string): string =>
  file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';

export const consoleContentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
