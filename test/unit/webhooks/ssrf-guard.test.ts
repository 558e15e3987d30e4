import { describe, expect, it } from 'vitest';
import { DossierError } from '#shared/domain/errors';
import { assertWebhookUrl, checkWebhookUrl, isRefusedAddress } from '#shared/webhooks/ssrf-guard';

const deployed = { allowLoopback: false };
const local = { allowLoopback: true };

const refusedAddresses: [string, string][] = [
  ['the IPv4 loopback', '127.0.0.1'],
  ['an address elsewhere in 127/8', '127.10.0.1'],
  ['the IPv6 loopback', '::1'],
  ['the IPv4 unspecified address', '0.0.0.0'],
  ['the IPv6 unspecified address', '::'],
  ['a private 10/8 address', '10.0.0.1'],
  ['a private 172.16/12 address', '172.16.0.1'],
  ['the top of 172.16/12', '172.31.255.255'],
  ['a private 192.168/16 address', '192.168.1.10'],
  ['the cloud metadata address', '169.254.169.254'],
  ['a link-local IPv4 address', '169.254.1.1'],
  ["AWS's IPv6 metadata address", 'fd00:ec2::254'],
  ['a carrier-grade NAT address', '100.64.0.1'],
  ['an IPv6 unique-local address in fc00::/7', 'fc00::1'],
  ['an IPv6 link-local address', 'fe80::1'],
  ['an IPv6 link-local address with a zone', 'fe80::1%eth0'],
  ['an IPv4-mapped loopback address', '::ffff:127.0.0.1'],
  ['an IPv4-mapped loopback address in hex', '::ffff:7f00:1'],
  ['the IPv4-mapped metadata address', '::ffff:169.254.169.254'],
  ['an IPv4-mapped private address', '::ffff:10.0.0.1'],
  ['an RFC 6145 translated loopback address', '::ffff:0:7f00:1'],
  ['an IPv4-compatible loopback address', '::127.0.0.1'],
  ['the metadata address behind NAT64', '64:ff9b::a9fe:a9fe'],
  ['a local-use NAT64 address', '64:ff9b:1::a00:1'],
  ['a 6to4 address embedding loopback', '2002:7f00:1::1'],
  ['a Teredo address', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  ['an IPv4 multicast address', '224.0.0.1'],
  ['an IPv6 multicast address', 'ff02::1'],
  ['the broadcast address', '255.255.255.255'],
  ['a documentation address', '192.0.2.1'],
  ['a reserved 240/4 address', '240.0.0.1'],
  ['an IPv6 documentation address', '2001:db8::1'],
  ['unallocated IPv6 space outside 2000::/3', '4000::1'],
  ['a legacy hex form of loopback', '0x7f.1'],
  ['a host name', 'example.com'],
  ['an empty string', ''],
];

describe('isRefusedAddress', () => {
  it.each(refusedAddresses)('refuses %s (%s)', (_, address) => {
    expect(isRefusedAddress(address, deployed)).toBe(true);
  });

  it.each([
    ['a public IPv4 address', '93.184.216.34'],
    ['a public IPv6 address', '2606:2800:220:1:248:1893:25c8:1946'],
    ['a public address behind NAT64', '64:ff9b::5db8:d822'],
    ['an IPv4-mapped public address', '::ffff:93.184.216.34'],
    ['the address just above 172.16/12', '172.32.0.1'],
  ])('accepts %s (%s)', (_, address) => {
    expect(isRefusedAddress(address, deployed)).toBe(false);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('accepts loopback %s when loopback is allowed', (address) => {
    expect(isRefusedAddress(address, local)).toBe(false);
  });

  it.each(['10.0.0.1', '192.168.1.10', '169.254.169.254', 'fd00:ec2::254', 'fe80::1', '0.0.0.0'])(
    'still refuses %s when loopback is allowed',
    (address) => {
      expect(isRefusedAddress(address, local)).toBe(true);
    },
  );
});

describe('checkWebhookUrl', () => {
  it('accepts an https URL on a host name, keeping its path and query', () => {
    const checked = checkWebhookUrl('https://hooks.example.com/dossier?team=7', deployed);

    expect(checked).toEqual({ ok: true, url: new URL('https://hooks.example.com/dossier?team=7') });
  });

  it('accepts an https URL on a public address', () => {
    expect(checkWebhookUrl('https://93.184.216.34:8443/in', deployed).ok).toBe(true);
    expect(checkWebhookUrl('https://[2606:2800:220:1:248:1893:25c8:1946]/in', deployed).ok).toBe(true);
  });

  it.each([
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.5/hooks'],
    ['loopback', 'https://127.0.0.1/hooks'],
    ['IPv6 loopback', 'https://[::1]/hooks'],
    ['an IPv4-mapped loopback address', 'https://[::ffff:127.0.0.1]/hooks'],
    ["AWS's IPv6 metadata address", 'https://[fd00:ec2::254]/latest'],
    ['loopback written as one decimal number', 'https://2130706433/hooks'],
    ['loopback written in hex', 'https://0x7f.0.0.1/hooks'],
  ])('refuses %s with a message saying why', (_, raw) => {
    const checked = checkWebhookUrl(raw, deployed);

    expect(checked).toEqual({ ok: false, message: expect.stringContaining('private, loopback') });
  });

  it.each([
    ['plain http', 'http://hooks.example.com/in'],
    ['ftp', 'ftp://hooks.example.com/in'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['gopher', 'gopher://hooks.example.com:70/_POST'],
  ])('refuses a %s URL, asking for https', (_, raw) => {
    expect(checkWebhookUrl(raw, deployed)).toEqual({ ok: false, message: 'The URL must start with https://' });
  });

  it.each(['https://admin:secret@hooks.example.com/in', 'https://admin@hooks.example.com/in'])(
    'refuses a URL carrying credentials (%s)',
    (raw) => {
      expect(checkWebhookUrl(raw, deployed)).toEqual({
        ok: false,
        message: 'The URL must not contain a user name or password',
      });
    },
  );

  it.each(['not a url', 'hooks.example.com/in', '', 'https://'])('refuses an unparsable string (%j)', (raw) => {
    expect(checkWebhookUrl(raw, deployed)).toEqual({ ok: false, message: expect.stringContaining('complete URL') });
  });

  it.each(['http://127.0.0.1:4000/hooks', 'http://[::1]:4000/hooks', 'http://localhost:4000/hooks'])(
    'accepts plain http to %s when loopback is allowed',
    (raw) => {
      expect(checkWebhookUrl(raw, local).ok).toBe(true);
    },
  );

  it.each([
    ['a public host name', 'http://hooks.example.com/in'],
    ['a private address', 'http://10.0.0.5/in'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/'],
  ])('still refuses plain http to %s when loopback is allowed', (_, raw) => {
    expect(checkWebhookUrl(raw, local).ok).toBe(false);
  });

  it('still refuses a private address over https when loopback is allowed', () => {
    expect(checkWebhookUrl('https://192.168.0.10/in', local).ok).toBe(false);
  });
});

describe('assertWebhookUrl', () => {
  it('answers a refused URL with a 400 naming the url field', () => {
    let caught: unknown;

    try {
      assertWebhookUrl('https://169.254.169.254/', deployed);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(DossierError);
    expect((caught as DossierError).status).toBe(400);
    expect((caught as DossierError).errors).toEqual([{ path: 'url', message: expect.stringContaining('private') }]);
  });

  it('returns the parsed URL when it is accepted', () => {
    expect(assertWebhookUrl('https://hooks.example.com/in', deployed).hostname).toBe('hooks.example.com');
  });
});
