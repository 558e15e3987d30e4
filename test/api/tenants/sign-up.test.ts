import { describe, expect, it } from 'vitest';
import { get, post } from '#test/fixtures/api-client';
import { expectProblem, newTenant, signUpBody } from '#test/fixtures/tenants';

describe('POST /v1/tenants (sign-up)', () => {
  it('creates the tenant, its owner and a working session token', async () => {
    const body = signUpBody({ timezone: 'Europe/Berlin', currency: 'EUR' });

    const answer = await post('/v1/tenants', body);

    expect(answer.status).toBe(201);
    expect(answer.body.tenant).toMatchObject({ slug: body.slug, name: body.name, timezone: 'Europe/Berlin', currency: 'EUR', plan: 'free' });
    expect(answer.body.tenant.id).toMatch(/^ten_[0-9A-Z]{26}$/);
    expect(answer.body.owner).toMatchObject({ email: body.ownerEmail, role: 'owner' });
    const me = await get('/v1/tenant', answer.body.token);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(answer.body.tenant.id);
  });

  it('defaults the time zone to Asia/Shanghai and the currency to CNY', async () => {
    const answer = await post('/v1/tenants', signUpBody());

    expect(answer.body.tenant).toMatchObject({ timezone: 'Asia/Shanghai', currency: 'CNY' });
  });

  it('answers 409 when the slug is taken', async () => {
    const first = await newTenant();

    const second = await post('/v1/tenants', signUpBody({ slug: first.slug }));

    expectProblem(second, 409, 'slug-taken');
  });

  it('lets exactly one of several racing sign-ups take a slug', async () => {
    const slug = signUpBody().slug;

    const answers = await Promise.all(Array.from({ length: 4 }, () => post('/v1/tenants', signUpBody({ slug }))));

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('answers a retried sign-up with the same Idempotency-Key with the first answer, not a 409', async () => {
    const body = signUpBody();
    const headers = { 'idempotency-key': `signup-${body.slug}` };

    const first = await post('/v1/tenants', body, undefined, headers);
    const retry = await post('/v1/tenants', body, undefined, headers);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.tenant.id).toBe(first.body.tenant.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('lists every bad field of a bad sign-up at once', async () => {
    const answer = await post('/v1/tenants', {
      name: '',
      slug: '-Bad_Slug-',
      ownerEmail: 'not-an-email',
      ownerPassword: 'short',
      timezone: 'Mars/Olympus',
      currency: 'XXXX',
      plan: 'enterprise',
    });

    expectProblem(answer, 400, 'validation-failed');
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['currency', 'name', 'ownerEmail', 'ownerPassword', 'plan', 'slug', 'timezone'].sort(),
    );
  });

  it('normalizes the owner email to lower case', async () => {
    const body = signUpBody();

    const answer = await post('/v1/tenants', { ...body, ownerEmail: `  ${String(body.ownerEmail).toUpperCase()} ` });

    expect(answer.body.owner.email).toBe(body.ownerEmail);
  });
});
