import { mediaAnswer } from '#shared/http/answers';
import { REFERENCE_CSP, referencePage } from '#shared/http/api-reference';
import { content } from '#shared/http/responses';
import { openRoute } from '../http-route.ts';

export const handler = openRoute('show-api-reference', {
  response: { 200: mediaAnswer('The reference page (HTML)', 'text/html') },
  // The page sets its own CSP (its scripts and styles come from this origin): middy's default one
  // forbids all scripts. The other security headers stay as on every answer.
  securityHeaders: { contentSecurityPolicy: false },
  handle: async () => content(referencePage(), 'text/html; charset=utf-8', { 'content-security-policy': REFERENCE_CSP }),
});
