import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DossierError } from '#shared/domain/errors';
import { checkWebhookHost, checkWebhookTarget, resolveCheckedAddress, type LookupFn } from '#shared/webhooks/ssrf-guard';

// The guard at connection time: every address a host resolves to, and the URL around it.

const deployed = { allowLoopback: false };
const local = { allowLoopback: true };

const resolvesTo =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: isIP(address) }));

const failsWith =
  (code: string): LookupFn =>
  async () => {
    throw Object.assign(new Error(`getaddrinfo ${code}`), { code });
  };

describe('resolveCheckedAddress', () => {
  it('returns the first address of a host that resolves only to public addresses', async () => {
    const lookup = resolvesTo('93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946');

    const resolved = await resolveCheckedAddress('hooks.example.com', { ...deployed, lookup });

    expect(resolved).toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('refuses a host that resolves to a public and a private address', async () => {
    const lookup = resolvesTo('93.184.216.34', '10.0.0.7');

    const resolving = resolveCheckedAddress('rebind.example.com', { ...deployed, lookup });

    await expect(resolving).rejects.toBeInstanceOf(DossierError);
    await expect(resolving).rejects.toMatchObject({ code: 'validation-failed', errors: [{ path: 'url' }] });
  });

  it('refuses a host that resolves to the metadata address, without naming the address', async () => {
    const lookup = resolvesTo('169.254.169.254');

    const checked = await checkWebhookHost('metadata.example.com', { ...deployed, lookup });

    expect(checked).toEqual({ ok: false, reason: 'refused-address', message: expect.not.stringContaining('169.254') });
  });

  it('accepts a host resolving to loopback only when loopback is allowed', async () => {
    const lookup = resolvesTo('127.0.0.1', '::1');

    const whenLocal = await checkWebhookHost('localhost', { ...local, lookup });
    const whenDeployed = await checkWebhookHost('localhost', { ...deployed, lookup });

    expect(whenLocal).toMatchObject({ ok: true, address: '127.0.0.1', family: 4 });
    expect(whenDeployed).toMatchObject({ ok: false, reason: 'refused-address' });
  });

  it('refuses a host resolving to a private address even when loopback is allowed', async () => {
    const lookup = resolvesTo('127.0.0.1', '192.168.1.20');

    const checked = await checkWebhookHost('mixed.example.com', { ...local, lookup });

    expect(checked).toMatchObject({ ok: false, reason: 'refused-address' });
  });

  it('reports a host that does not resolve as a DNS failure', async () => {
    const checked = await checkWebhookHost('missing.example.com', { ...deployed, lookup: failsWith('ENOTFOUND') });

    expect(checked).toEqual({ ok: false, reason: 'dns', message: expect.stringContaining('ENOTFOUND') });
    await expect(resolveCheckedAddress('missing.example.com', { ...deployed, lookup: failsWith('ENOTFOUND') })).rejects.toMatchObject(
      { code: 'validation-failed' },
    );
  });

  it('reports a host with no addresses as a DNS failure', async () => {
    const checked = await checkWebhookHost('empty.example.com', { ...deployed, lookup: resolvesTo() });

    expect(checked).toMatchObject({ ok: false, reason: 'dns' });
  });

  it('judges an address literal without asking DNS', async () => {
    const lookup = failsWith('ENOTFOUND');

    const publicLiteral = await checkWebhookHost('93.184.216.34', { ...deployed, lookup });
    const privateLiteral = await checkWebhookHost('10.1.1.1', { ...deployed, lookup });

    expect(publicLiteral).toMatchObject({ ok: true, address: '93.184.216.34', family: 4 });
    expect(privateLiteral).toMatchObject({ ok: false, reason: 'refused-address' });
  });
});

describe('checkWebhookTarget', () => {
  it('applies the registration rules again at connection time', async () => {
    const lookup = resolvesTo('93.184.216.34');

    const withCredentials = await checkWebhookTarget('https://a:b@hooks.example.com/in', { ...deployed, lookup });
    const metadataLiteral = await checkWebhookTarget('https://169.254.169.254/', { ...deployed, lookup });

    expect(withCredentials).toMatchObject({ ok: false, reason: 'refused-address' });
    expect(metadataLiteral).toMatchObject({ ok: false, reason: 'refused-address' });
  });

  it('accepts an https URL whose host resolves to public addresses, with every address to pin', async () => {
    const lookup = resolvesTo('93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946');

    const checked = await checkWebhookTarget('https://hooks.example.com/in', { ...deployed, lookup });

    expect(checked).toMatchObject({
      ok: true,
      url: new URL('https://hooks.example.com/in'),
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ],
    });
  });

  it('judges plain http by where it lands when loopback is allowed', async () => {
    const toLoopback = await checkWebhookTarget('http://hooks.test:4000/in', { ...local, lookup: resolvesTo('127.0.0.1') });
    const toPublic = await checkWebhookTarget('http://hooks.test:4000/in', { ...local, lookup: resolvesTo('93.184.216.34') });

    expect(toLoopback).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(toPublic).toMatchObject({ ok: false, reason: 'refused-address' });
  });

  it('refuses plain http outright when loopback is not allowed', async () => {
    const checked = await checkWebhookTarget('http://localhost:4000/in', { ...deployed, lookup: resolvesTo('127.0.0.1') });

    expect(checked).toEqual({ ok: false, reason: 'refused-address', message: 'The URL must start with https://' });
  });
});
