import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkWebhookTarget, hostOf, type LookupFn, type ResolvedAddress } from './ssrf-guard.ts';

/**
 * One HTTP POST of a webhook, with the SSRF guard applied at connection time. Built on node:http
 * and node:https alone: we need a custom `lookup` to pin the checked address, no redirects, and
 * one deadline over DNS, connect and body, which those give directly without a client to bundle.
 */

export type DeliveryOutcome =
  | { kind: 'answered'; statusCode: number; bodyHead: string; retryAfter?: string; durationMs: number }
  | { kind: 'failed'; reason: 'timeout' | 'connection' | 'refused-address' | 'dns'; message: string; durationMs: number };

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  /** The exact text that was signed. */
  body: string;
  /** One deadline for the whole attempt: DNS, connect, TLS, answer and body head. */
  timeoutMs?: number;
  allowLoopback: boolean;
  lookup?: LookupFn;
}

// Enough of the answer to show the tenant why their endpoint failed; the rest is never read.
const bodyHeadBytes = 1024;

const timedOut = Symbol('timed out');

const beforeDeadline = <T>(work: Promise<T>, deadline: AbortSignal): Promise<T | typeof timedOut> =>
  new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(timedOut);
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });

// Hands node:net the addresses the guard checked instead of asking DNS again, so a name that
// changes its answer between our check and the connect (DNS rebinding) still reaches only these.
// node:net asks with `all: true` when it races IPv6 against IPv4 (autoSelectFamily, on by default
// since Node 20), and for a single address otherwise.
const pinnedLookup =
  (pinned: ResolvedAddress[]): LookupFunction =>
  (_hostname, options, callback) => {
    if (options.all) callback(null, pinned);
    else callback(null, pinned[0]!.address, pinned[0]!.family);
  };

const describeError = (error: unknown): string => {
  const { code, message } = error as NodeJS.ErrnoException;
  return code && !message.includes(code) ? `${code}: ${message}` : message;
};

const send = (
  url: URL,
  pinned: ResolvedAddress[],
  post: WebhookPost,
  deadline: AbortSignal,
  elapsed: () => number,
): Promise<DeliveryOutcome> =>
  new Promise((resolve) => {
    const host = hostOf(url);
    const options: RequestOptions & { servername?: string } = {
      method: 'POST',
      host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup: pinnedLookup(pinned),
      // A fresh connection per attempt: a pooled socket could carry an address pinned for another name.
      agent: false,
      signal: deadline,
      // TLS checks the certificate against the name the tenant registered, not the pinned address.
      ...(url.protocol === 'https:' && isIP(host) === 0 ? { servername: host } : {}),
    };
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options);

    let settled = false;
    const settle = (outcome: DeliveryOutcome): void => {
      if (settled) return;
      settled = true;
      // Also closes the connection when only the body head was read.
      request.destroy();
      resolve(outcome);
    };
    const timeout = (): DeliveryOutcome => ({
      kind: 'failed',
      reason: 'timeout',
      message: `No complete answer within ${post.timeoutMs} ms`,
      durationMs: elapsed(),
    });

    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const answered = (): void => {
        const head = Buffer.concat(chunks).subarray(0, bodyHeadBytes);
        const retryAfter = response.headers['retry-after'];
        settle({
          kind: 'answered',
          statusCode: response.statusCode ?? 0,
          // stream: true keeps a character cut at byte 1024 from becoming U+FFFD.
          bodyHead: new TextDecoder().decode(head, { stream: true }),
          ...(retryAfter === undefined ? {} : { retryAfter }),
          durationMs: elapsed(),
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= bodyHeadBytes) answered();
      });
      response.on('end', answered);
      // The receiver gave its status and then hung up: the status is still its answer.
      response.on('close', () => (deadline.aborted ? settle(timeout()) : answered()));
    });
    request.on('error', (error) =>
      settle(deadline.aborted ? timeout() : { kind: 'failed', reason: 'connection', message: describeError(error), durationMs: elapsed() }),
    );
    request.end(post.body);
  });

/**
 * POSTs one webhook and reports what happened; nothing the receiver, DNS or the network does makes
 * it throw. Redirects are not followed (a 3xx is an answer like any other, and not a 2xx); the
 * URL and every address its host resolves to are checked by the SSRF guard, and the connection
 * goes to a checked address only. `timeoutMs` is whole milliseconds, 15 000 unless given.
 */
export const postWebhook = async (post: WebhookPost): Promise<DeliveryOutcome> => {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const timeoutMs = post.timeoutMs ?? 15_000;
  const deadline = AbortSignal.timeout(timeoutMs);

  // Checked at every attempt, not only at registration: DNS answers change, and the rules may have tightened.
  const target = await beforeDeadline(checkWebhookTarget(post.url, post), deadline);
  if (target === timedOut) {
    return { kind: 'failed', reason: 'timeout', message: `The host name was not resolved within ${timeoutMs} ms`, durationMs: elapsed() };
  }
  if (!target.ok) return { kind: 'failed', reason: target.reason, message: target.message, durationMs: elapsed() };
  return send(target.url, target.addresses, { ...post, timeoutMs }, deadline, elapsed);
};
