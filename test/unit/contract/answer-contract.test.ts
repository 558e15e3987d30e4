import { describe, expect, it } from 'vitest';
import { undescribedPartsOf } from '#test/fixtures/answer-contract';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers({ 'content-type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8', 'x-request-id': 'r-1', ...headers }),
  text: JSON.stringify(body),
});

const problem = (status: number, slug: string) => json(status, { type: `https://dossier.dev/problems/${slug}`, title: 'A title', status });

describe('checking answers against docs/openapi.json', () => {
  it('accepts an answer the document describes', () => {
    expect(undescribedPartsOf('GET', '/v1/health', json(200, { status: 'ok' }))).toEqual([]);
  });

  it('refuses a status the operation does not describe', () => {
    expect(undescribedPartsOf('GET', '/v1/health', problem(401, 'unauthenticated'))[0]).toMatch(/401 is not an answer .* check-health/);
  });

  it('refuses a body member the schema does not have, and a wrong type', () => {
    const parts = undescribedPartsOf('GET', '/v1/health', json(200, { status: 'fine', uptime: 3 }));

    expect(parts.join('\n')).toMatch(/must be equal to constant/);
    expect(parts.join('\n')).toMatch(/must NOT have additional properties/);
  });

  it('refuses an answer without the x-request-id every answer carries', () => {
    const answer = json(200, { status: 'ok' });
    answer.headers.delete('x-request-id');

    expect(undescribedPartsOf('GET', '/v1/health', answer)).toEqual(['the required header x-request-id is missing']);
  });

  it('refuses a header whose value the document does not allow', () => {
    const customer = { status: 200, headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'r', etag: 'W/"abc"' }), text: '{}' };

    expect(undescribedPartsOf('GET', '/v1/customers/cus_01ARZ3NDEKTSV4RRFFQ69G5FAV', customer).join('\n')).toMatch(/the header ETag: "W\/\\"abc\\"" does not match/);
  });

  it('refuses a content type the operation does not answer with', () => {
    expect(undescribedPartsOf('GET', '/v1/health', { ...json(200, {}), headers: new Headers({ 'content-type': 'text/plain', 'x-request-id': 'r' }) })[0]).toMatch(/content type text\/plain/);
  });

  it('refuses a body on a 204', () => {
    expect(undescribedPartsOf('DELETE', '/v1/users/usr_01ARZ3NDEKTSV4RRFFQ69G5FAV', { status: 204, headers: new Headers({ 'x-request-id': 'r' }), text: '{}' })).toEqual([
      'a body came where the document describes none',
    ]);
  });

  it('expects a 404 problem for a path the document does not have', () => {
    expect(undescribedPartsOf('GET', '/v1/no-such-thing', problem(404, 'not-found'))).toEqual([]);
    expect(undescribedPartsOf('PUT', '/v1/health', json(200, {}))[0]).toMatch(/must be a 404 problem/);
  });

  it('matches literal path segments before parameters', () => {
    expect(undescribedPartsOf('GET', '/v1/customers/duplicates?limit=5', json(200, { items: [], nextCursor: null }))).toEqual([]);
  });

  it('leaves the local-only endpoints alone', () => {
    expect(undescribedPartsOf('POST', '/_local/drain', json(200, { anything: true }))).toEqual([]);
  });
});
