import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { CONSOLE_ADDRESS, CONSOLE_CSP, consoleCacheControl, consoleContentTypes } from '#shared/http/console-site';
import { consoleDist } from '#scripts/web/console-build';

/** Headers of every console answer: its own CSP, and what browsers should not do with it. */
const siteHeaders = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

const fileAnswer = async (relative: string): Promise<APIGatewayProxyResult | undefined> => {
  const file = path.resolve(consoleDist, relative);
  // Nothing outside the build is served, whatever `..` the address holds.
  if (!file.startsWith(consoleDist + path.sep)) return undefined;
  const type = consoleContentTypes[path.extname(file)];
  if (!type) return undefined;
  try {
    const body = await readFile(file);
    return {
      statusCode: 200,
      headers: { ...siteHeaders, 'content-type': type, 'cache-control': consoleCacheControl(relative) },
      body: body.toString('base64'),
      isBase64Encoded: true,
    };
  } catch {
    return undefined;
  }
};

/**
 * The console from web/dist, as CloudFront serves it in AWS: a file of the build, or index.html
 * for the console's own addresses (CONSOLE.md); anything else is left to the gateway's 404.
 */
export const serveConsole = async (method: string, pathname: string): Promise<APIGatewayProxyResult | undefined> => {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (CONSOLE_ADDRESS.test(pathname)) return fileAnswer('index.html');
  return fileAnswer(decodeURIComponent(pathname).replace(/^\/+/, ''));
};
