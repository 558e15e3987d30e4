import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from '#shared/webhooks/http-delivery';
import { webhookHeaders } from '#shared/webhooks/signing';
import type { LookupFn } from '#shared/webhooks/ssrf-guard';
import { newWebhookSecret } from '#shared/webhooks/webhook-secrets';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  port: number;
  url: string;
  received: Received[];
  connections: () => number;
}

const running: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

/** A real HTTP server on 127.0.0.1 that records every request and answers with `answer`. */
const startReceiver = async (answer: (response: ServerResponse, request: IncomingMessage) => void): Promise<Receiver> => {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      answer(response, request);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://127.0.0.1:${port}`, received, connections: () => connections };
};

const local = { allowLoopback: true };
const body = JSON.stringify({ id: 'evt_01JQ7Z8Y6X5W4V3T2S1R0QPNMK', type: 'customer.created', data: { name: '张伟' } });
const headers = { 'content-type': 'application/json' };

const resolvesTo =
  (address: string): LookupFn =>
  async () => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('postWebhook', () => {
  it('reports a 200 answer with the first 1 KB of its body', async () => {
    const receiver = await startReceiver((response) => response.writeHead(200).end('x'.repeat(5000)));

    const outcome = await postWebhook({ url: `${receiver.url}/in`, headers, body, ...local });

    expect(outcome).toEqual({ kind: 'answered', statusCode: 200, bodyHead: 'x'.repeat(1024), durationMs: expect.any(Number) });
  });

  it('cuts the body head between characters, not inside one', async () => {
    const receiver = await startReceiver((response) => response.writeHead(500).end('档'.repeat(1000)));

    const outcome = await postWebhook({ url: `${receiver.url}/in`, headers, body, ...local });

    expect(outcome).toMatchObject({ kind: 'answered', statusCode: 500, bodyHead: '档'.repeat(341) });
  });

  it('stops reading an answer that never ends once it has the head', async () => {
    const receiver = await startReceiver((response) => {
      response.writeHead(200);
      response.write('y'.repeat(4096));
    });

    const outcome = await postWebhook({ url: `${receiver.url}/in`, headers, body, timeoutMs: 5000, ...local });

    expect(outcome).toMatchObject({ kind: 'answered', statusCode: 200, bodyHead: 'y'.repeat(1024) });
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it("hands back a 503 answer's Retry-After", async () => {
    const receiver = await startReceiver((response) => response.writeHead(503, { 'retry-after': '120' }).end());

    const outcome = await postWebhook({ url: receiver.url, headers, body, ...local });

    expect(outcome).toMatchObject({ kind: 'answered', statusCode: 503, bodyHead: '', retryAfter: '120' });
  });

  it('returns a redirect as the answer and does not follow it', async () => {
    const target = await startReceiver((response) => response.writeHead(200).end());
    const redirecting = await startReceiver((response) => response.writeHead(302, { location: `${target.url}/stolen` }).end());

    const outcome = await postWebhook({ url: `${redirecting.url}/in`, headers, body, ...local });

    expect(outcome).toMatchObject({ kind: 'answered', statusCode: 302 });
    expect(redirecting.received).toHaveLength(1);
    expect(target.connections()).toBe(0);
  });

  it('gives up on a receiver that never answers, at the timeout', async () => {
    const receiver = await startReceiver(() => undefined);

    const outcome = await postWebhook({ url: receiver.url, headers, body, timeoutMs: 300, ...local });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'timeout' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(290);
    expect(outcome.durationMs).toBeLessThan(2000);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up on a receiver that sends its status but not the rest, at the timeout', async () => {
    const receiver = await startReceiver((response) => {
      response.writeHead(200);
      response.write('ok, but');
    });

    const outcome = await postWebhook({ url: receiver.url, headers, body, timeoutMs: 300, ...local });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'timeout' });
  });

  it('counts a slow DNS answer against the same timeout', async () => {
    const neverAnswers: LookupFn = () => new Promise(() => undefined);

    const outcome = await postWebhook({
      url: 'https://slow-dns.test/in',
      headers,
      body,
      timeoutMs: 300,
      allowLoopback: false,
      lookup: neverAnswers,
    });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'timeout' });
    expect(outcome.durationMs).toBeLessThan(2000);
  });

  it('delivers the signed headers and the body exactly as sent', async () => {
    const receiver = await startReceiver((response) => response.writeHead(204).end());
    const secret = newWebhookSecret();
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const signed = webhookHeaders({ secrets: [secret], messageId: 'evt_01JQ7Z8Y6X5W4V3T2S1R0QPNMK', timestampSeconds, body });

    const outcome = await postWebhook({ url: `${receiver.url}/hooks/in?tenant=7`, headers: signed, body, ...local });

    const [request] = receiver.received;
    expect(outcome).toMatchObject({ kind: 'answered', statusCode: 204 });
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/in?tenant=7', body });
    expect(request!.headers).toMatchObject({ ...signed, 'content-length': String(Buffer.byteLength(body)) });
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toEqual(JSON.parse(body));
  });

  it('refuses loopback when loopback is not allowed, without connecting', async () => {
    const receiver = await startReceiver((response) => response.writeHead(200).end());

    const outcome = await postWebhook({ url: receiver.url, headers, body, allowLoopback: false });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'refused-address' });
    expect(receiver.connections()).toBe(0);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const lookup = resolvesTo('10.0.0.8');

    const outcome = await postWebhook({ url: 'https://intranet.test/in', headers, body, ...local, lookup });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'refused-address' });
  });

  it('refuses plain http to a host name that resolves to a public address, even locally', async () => {
    const lookup = resolvesTo('93.184.216.34');

    const outcome = await postWebhook({ url: 'http://public.test/in', headers, body, ...local, lookup });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'refused-address', message: expect.stringContaining('https://') });
  });

  it('reports a host name that does not resolve as a DNS failure', async () => {
    const notFound: LookupFn = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND missing.test'), { code: 'ENOTFOUND' });
    };

    const outcome = await postWebhook({ url: 'https://missing.test/in', headers, body, allowLoopback: false, lookup: notFound });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'dns', message: expect.stringContaining('ENOTFOUND') });
  });

  it('reports a port nobody listens on as a connection failure', async () => {
    const receiver = await startReceiver((response) => response.writeHead(200).end());
    await running.pop()!();

    const outcome = await postWebhook({ url: receiver.url, headers, body, ...local });

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'connection', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('connects to the checked address while naming the registered host', async () => {
    const receiver = await startReceiver((response) => response.writeHead(200).end('pinned'));

    const outcome = await postWebhook({
      url: `http://hooks.test:${receiver.port}/in`,
      headers,
      body,
      ...local,
      lookup: resolvesTo('127.0.0.1'),
    });

    expect(outcome).toMatchObject({ kind: 'answered', statusCode: 200, bodyHead: 'pinned' });
    expect(receiver.received[0]!.headers.host).toBe(`hooks.test:${receiver.port}`);
  });
});
