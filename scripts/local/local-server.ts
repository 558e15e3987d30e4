import { createServer, maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { gateway, routes, type RouteEntry } from '#functions/manifest';
import { DossierError } from '#shared/domain/errors';
import { gatewaySecurityHeaders, problemResponse } from '#shared/http/problem';
import { localLogger as logger } from './local-logger.ts';
import { createLocalThrottle } from './local-throttle.ts';
import { lambdaContext, toProxyEvent } from './proxy-event.ts';
import { compileRoutes, matchRoute } from './route-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;


export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** Imports a manifest entry's handler module the way the Lambda runtime would load its bundle. */
export const loadHandler = async <T>(entry: { handler: string }): Promise<T> => {
  const module = (await import(pathToFileURL(path.join(projectRoot, entry.handler)).href)) as { handler?: T };
  if (!module.handler) throw new Error(`${entry.handler} exports no handler`);
  return module.handler;
};

const readBody = (request: IncomingMessage): Promise<Buffer | 'too-large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > gateway.maxPayloadBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (response: ServerResponse, result: APIGatewayProxyResult): void => {
  const headers: Record<string, string | string[]> = {};
  // As API Gateway does with the Lambda's JSON answer, headers without a value are dropped.
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined && value !== null && value !== '') headers[name.toLowerCase()] = String(value);
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name.toLowerCase()] = values.map(String);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
  response.writeHead(result.statusCode, { ...headers, 'content-length': String(body.length) });
  response.end(body);
};

/** What the gateway answers by itself, as the deployed one does: a problem naming the request it answers. */
const gatewayProblem = (error: DossierError): APIGatewayProxyResult => {
  const requestId = crypto.randomUUID();
  const result = problemResponse(error, `/requests/${requestId}`);
  return { ...result, headers: { ...result.headers, ...gatewaySecurityHeaders, 'x-request-id': requestId } };
};

const sendProblem = (response: ServerResponse, error: DossierError): void => send(response, gatewayProblem(error));

/**
 * A request the HTTP parser refused before any route saw it. One whose request line and headers
 * pass Node's limit (16 KB) is answered as the deployed gateway answers an oversized request
 * (413, a problem); anything else unparsable gets Node's own bare 400.
 */
const refuseUnparsed = (error: Error & { code?: string }, socket: Duplex): void => {
  if (!socket.writable) return void socket.destroy();
  if (error.code !== 'HPE_HEADER_OVERFLOW') return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  const result = gatewayProblem(new DossierError('payload-too-large', { detail: `The request line and headers must be at most ${maxHeaderSize} bytes` }));
  const body = Buffer.from(result.body, 'utf8');
  const headers = { ...result.headers, 'content-length': body.length, connection: 'close' };
  const head = [`HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode]}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}`)];
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'), body]));
};

/** Local-only endpoints (`/_local/...`): never part of the manifest, never deployed. */
export type LocalEndpoint = (request: IncomingMessage, body: Buffer, url: URL) => Promise<APIGatewayProxyResult>;

/**
 * The local API Gateway: matches the manifest's routes, hands each handler the proxy event it gets
 * in AWS, and writes back its answer. Unknown routes and oversized bodies are answered as problems,
 * as the deployed gateway's responses are, and so are callers its authorizer refuses and tenants
 * over their plan's rate (local-throttle.ts).
 */
export const createLocalServer = async (
  localEndpoints: Record<string, LocalEndpoint>,
  /** What answers a GET no route matches (the console's files and addresses); undefined for a 404. */
  fallback: (method: string, pathname: string) => Promise<APIGatewayProxyResult | undefined> = async () => undefined,
): Promise<Server> => {
  const compiled = compileRoutes(routes as readonly RouteEntry[]);
  const handlers = new Map<string, Handler>();
  for (const route of routes as readonly RouteEntry[]) handlers.set(route.name, await loadHandler<Handler>(route));
  const throttle = createLocalThrottle(await loadHandler(gateway.authorizer));

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    if (body === 'too-large') return sendProblem(response, new DossierError('payload-too-large'));

    const local = localEndpoints[`${request.method} ${url.pathname}`] ??
      Object.entries(localEndpoints).find(([pattern]) => {
        const [method, prefix] = pattern.split(' ');
        return prefix?.endsWith('/*') && method === request.method && url.pathname.startsWith(prefix.slice(0, -1));
      })?.[1];
    if (local) return send(response, await local(request, body, url));

    const match = matchRoute(compiled, request.method ?? 'GET', url.pathname);
    const page = match ? undefined : await fallback(request.method ?? 'GET', url.pathname);
    if (page) return send(response, page);
    if (!match) return sendProblem(response, new DossierError('not-found', { detail: `No route for ${request.method} ${url.pathname}` }));
    const refused = await throttle(request, match.route);
    if (refused) return sendProblem(response, refused);
    const event = toProxyEvent(request, url, match.route, match.pathParameters, body);
    const result = await handlers.get(match.route.name)!(event, lambdaContext(match.route.name, (match.route.timeoutSeconds ?? 29) * 1000));
    send(response, result);
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      logger.error('Local gateway failed', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
      if (!response.headersSent) sendProblem(response, new DossierError('internal'));
      else response.destroy();
    });
  });
  return server.on('clientError', refuseUnparsed);
};
