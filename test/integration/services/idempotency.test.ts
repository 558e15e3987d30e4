import { beforeAll, describe, expect, it } from 'vitest';
import { isDossierError } from '#shared/domain/errors';
import { beginIdempotentRequest, finishIdempotentRequest } from '#shared/services/idempotency';
import { useFreshTable } from '#test/fixtures/fresh-table';

beforeAll(async () => {
  await useFreshTable();
});

const request = (key: string) => ({ key, caller: 'public', route: 'sign-up', path: '/v1/tenants', body: '{"name":"x"}', now: new Date() });

describe('an idempotent request whose answer cannot be kept', () => {
  it('is never run a second time: the replay is a 409 idempotency-answer-lost', async () => {
    const first = await beginIdempotentRequest('global', request('too-large-answer'));
    expect(first.kind).toBe('run');
    if (first.kind !== 'run') return;

    // An answer larger than an item can hold (400 KB): keeping it fails.
    await finishIdempotentRequest(first.claim, { statusCode: 201, body: 'x'.repeat(500_000) });
    const again = await beginIdempotentRequest('global', request('too-large-answer')).catch((error: unknown) => error);

    expect(isDossierError(again) && again.code).toBe('idempotency-answer-lost');
  });

  it('replays an answer that could be kept', async () => {
    const first = await beginIdempotentRequest('global', request('small-answer'));
    if (first.kind !== 'run') throw new Error('expected to run');
    await finishIdempotentRequest(first.claim, { statusCode: 201, body: '{"ok":true}' });

    expect(await beginIdempotentRequest('global', request('small-answer'))).toEqual({ kind: 'replay', answer: { statusCode: 201, body: '{"ok":true}' } });
  });
});
