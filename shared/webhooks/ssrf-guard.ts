import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { DossierError } from '#shared/domain/errors';
import { config } from '#shared/runtime/config';

/**
 * The SSRF guard for webhook targets. A tenant chooses the URL we POST to from inside our network,
 * so the URL is checked when it is registered and the host's addresses again when we connect: a
 * name that resolved to a public address at registration can point at 169.254.169.254 an hour
 * later. Address classes come from ipaddr.js's range tables, not from patterns written here.
 */

export interface GuardOptions {
  /** Local runtime only (DOSSIER_ALLOW_PRIVATE_WEBHOOKS): loopback is accepted, nothing else opens. */
  allowLoopback: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** The shape of node:dns/promises `lookup(host, { all: true })`, injectable for tests. */
export type LookupFn = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupFn = (hostname, options) => dnsLookup(hostname, options);

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

export type HostCheck =
  | { ok: true; address: string; family: 4 | 6; addresses: ResolvedAddress[] }
  | { ok: false; reason: 'refused-address' | 'dns'; message: string };

const refusedAddressMessage = 'The URL must not point to a private, loopback, link-local or reserved address';

// IANA allocates global unicast only from 2000::/3; ipaddr.js calls everything it has no range for
// 'unicast', which would let through unallocated space and the deprecated IPv4-compatible ::/96
// (::127.0.0.1). This prefix and the NAT64 one below are all the guard adds to the library's tables.
const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');

const isRefusedIPv4 = (address: ipaddr.IPv4, options: GuardOptions): boolean => {
  const range = address.range();
  return !(range === 'unicast' || (range === 'loopback' && options.allowLoopback));
};

// The well-known NAT64 prefix DNS64 answers with on IPv6-only subnets. ipaddr.js's 'rfc6052' range
// also holds the local-use 64:ff9b:1::/48, whose IPv4 sits at an operator-chosen place; that one stays refused.
const wellKnownNat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

// Forms whose packets end up at the IPv4 address in their last 32 bits: IPv4-mapped (::ffff:a.b.c.d),
// RFC 6145 translated (::ffff:0:a.b.c.d) and NAT64. They are judged by that IPv4 address.
const embeddedIPv4 = (address: ipaddr.IPv6): ipaddr.IPv4 | undefined => {
  const range = address.range();
  const carriesIPv4 = range === 'ipv4Mapped' || range === 'rfc6145' || address.match(wellKnownNat64);
  return carriesIPv4 ? new ipaddr.IPv4(address.toByteArray().slice(12)) : undefined;
};

const isRefusedIPv6 = (address: ipaddr.IPv6, options: GuardOptions): boolean => {
  const carried = embeddedIPv4(address);
  if (carried) return isRefusedIPv4(carried, options);
  const range = address.range();
  if (range === 'loopback') return !options.allowLoopback;
  // Everything else that is not plain global unicast is refused: unique-local (fc00::/7, AWS's
  // fd00:ec2::254 metadata), link-local, multicast, 6to4 and Teredo (deprecated tunnels whose
  // embedded IPv4 we cannot vouch for), the local-use NAT64 prefix, documentation and the rest.
  return !(range === 'unicast' && address.match(globalUnicast));
};

/**
 * Whether a webhook may not connect to `address`. Refuses anything that is not a public unicast
 * address, and anything that does not parse as exactly one IPv4 or IPv6 address.
 */
export const isRefusedAddress = (address: string, options: GuardOptions): boolean => {
  // node:net decides what it would treat as an address literal; legacy forms such as "0x7f.1"
  // are not, so they never reach a connect call as an address and are refused here.
  if (isIP(address) === 0) return true;
  try {
    const parsed = ipaddr.parse(address);
    return parsed.kind() === 'ipv4' ? isRefusedIPv4(parsed as ipaddr.IPv4, options) : isRefusedIPv6(parsed as ipaddr.IPv6, options);
  } catch {
    return true;
  }
};

/** The URL's host as node:net and DNS expect it: IPv6 literals without their brackets. */
export const hostOf = (url: URL): string => (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname);

const isLoopbackAddress = (address: string): boolean => {
  try {
    return isIP(address) !== 0 && ipaddr.process(address).range() === 'loopback';
  } catch {
    return false;
  }
};

const unparsableMessage = 'Enter a complete URL, such as https://example.com/webhooks';

const parseUrl = (raw: string): URL | undefined => {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
};

const problemWith = (url: URL, options: GuardOptions, plainHttpAllowed: boolean): string | undefined => {
  const host = hostOf(url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttpAllowed)) return 'The URL must start with https://';
  if (url.username !== '' || url.password !== '') return 'The URL must not contain a user name or password';
  if (isIP(host) !== 0 && isRefusedAddress(host, options)) return refusedAddressMessage;
  return undefined;
};

/**
 * The registration-time check of a webhook URL. An address literal is judged at once; a host
 * name is accepted here and judged after resolution, at every connection
 * ({@link checkWebhookTarget}). Messages are written for the user who typed the URL.
 */
export const checkWebhookUrl = (raw: string, options: GuardOptions): UrlCheck => {
  const url = parseUrl(raw);
  if (!url) return { ok: false, message: unparsableMessage };
  // Plain http only ever reaches this machine, for local development and tests. Before resolution
  // only a loopback literal or "localhost" is known to stay here.
  const host = hostOf(url);
  const problem = problemWith(url, options, options.allowLoopback && (host === 'localhost' || isLoopbackAddress(host)));
  return problem ? { ok: false, message: problem } : { ok: true, url };
};

/** {@link checkWebhookUrl} for an endpoint: a 400 naming the `url` field, or the parsed URL. */
export const assertWebhookUrl = (raw: string, options: GuardOptions): URL => {
  const checked = checkWebhookUrl(raw, options);
  if (!checked.ok) throw new DossierError('validation-failed', { errors: [{ path: 'url', message: checked.message }] });
  return checked.url;
};

/**
 * Resolves every address of `hostname` and refuses the host if any one of them is refused: a
 * name answering with a public and a private address would otherwise reach the private one on
 * some connections (DNS rebinding). On success, the first address and all of them, every one
 * checked, to pin the connection to. Never throws; messages never name a resolved address, which
 * may be internal.
 */
export const checkWebhookHost = async (
  hostname: string,
  options: GuardOptions & { lookup?: LookupFn },
): Promise<HostCheck> => {
  const literalFamily = isIP(hostname);
  if (literalFamily !== 0) {
    if (isRefusedAddress(hostname, options)) return { ok: false, reason: 'refused-address', message: refusedAddressMessage };
    const literal = { address: hostname, family: literalFamily as 4 | 6 };
    return { ok: true, ...literal, addresses: [literal] };
  }
  let found: { address: string; family: number }[];
  try {
    found = await (options.lookup ?? systemLookup)(hostname, { all: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    return { ok: false, reason: 'dns', message: `The host name could not be resolved (${code})` };
  }
  if (found.length === 0) return { ok: false, reason: 'dns', message: 'The host name has no addresses' };
  if (found.some(({ address }) => isRefusedAddress(address, options))) {
    return {
      ok: false,
      reason: 'refused-address',
      message: 'The host name resolves to a private, loopback, link-local or reserved address',
    };
  }
  // Every address passed isRefusedAddress, so each is an IPv4 or IPv6 literal.
  const addresses = found.map(({ address }) => ({ address, family: isIP(address) as 4 | 6 }));
  return { ok: true, ...addresses[0]!, addresses };
};

/**
 * {@link checkWebhookHost} that throws: a `validation-failed` DossierError on the `url` field when
 * the host is refused or cannot be resolved. Returns the first resolved address, every one checked.
 */
export const resolveCheckedAddress = async (
  hostname: string,
  options: GuardOptions & { lookup?: LookupFn },
): Promise<ResolvedAddress> => {
  const checked = await checkWebhookHost(hostname, options);
  if (!checked.ok) throw new DossierError('validation-failed', { errors: [{ path: 'url', message: checked.message }] });
  return { address: checked.address, family: checked.family };
};

export type TargetCheck = (Extract<HostCheck, { ok: true }> & { url: URL }) | Extract<HostCheck, { ok: false }>;

const refused = (message: string): TargetCheck => ({ ok: false, reason: 'refused-address', message });

/**
 * The connection-time check of a webhook URL: the registration rules, then every address of its
 * host ({@link checkWebhookHost}). Plain http (loopback allowed only) is judged here by where it
 * lands: every resolved address must be loopback, whatever the host is called. Never throws.
 */
export const checkWebhookTarget = async (raw: string, options: GuardOptions & { lookup?: LookupFn }): Promise<TargetCheck> => {
  const url = parseUrl(raw);
  if (!url) return refused(unparsableMessage);
  const problem = problemWith(url, options, options.allowLoopback);
  if (problem) return refused(problem);
  const checked = await checkWebhookHost(hostOf(url), options);
  if (!checked.ok) return checked;
  if (url.protocol === 'http:' && !checked.addresses.every(({ address }) => isLoopbackAddress(address))) {
    return refused('Plain http may only reach this machine; use https://');
  }
  return { ...checked, url };
};

/**
 * The registration check for a webhook body's `url` field, for its schema: undefined when the URL
 * may be registered, or the message that says why not. Loopback over http is allowed only where
 * the runtime is told so (DOSSIER_ALLOW_PRIVATE_WEBHOOKS, local use).
 */
export const webhookUrlProblem = (url: string): string | undefined => {
  const check = checkWebhookUrl(url, { allowLoopback: config().allowPrivateWebhooks });
  return check.ok ? undefined : check.message;
};
