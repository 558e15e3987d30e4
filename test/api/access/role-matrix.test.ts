import { beforeAll, describe, expect, it } from 'vitest';
import { call, del } from '#test/fixtures/api-client';
import { customerBody, newCustomer } from '#test/fixtures/customers';
import { newApiKey, newStaff, newTenant, type Role, type TestTenant } from '#test/fixtures/tenants';

/**
 * API.md's role table, written out here independently of the code's own matrix, row by row,
 * with one representative request per row.
 */
type Request = [string, string, unknown?];
const customerOf = async (t: TestTenant) => (await newCustomer(t.token)).id;
const matrix: { row: string; request: (t: TestTenant) => Request | Promise<Request>; allowed: Role[]; scope: string }[] = [
  { row: 'read customers', request: async (t) => ['GET', `/v1/customers/${await customerOf(t)}`], allowed: ['owner', 'admin', 'manager', 'agent', 'viewer'], scope: 'customers:read' },
  { row: 'list customers', request: () => ['GET', '/v1/customers'], allowed: ['owner', 'admin', 'manager', 'agent', 'viewer'], scope: 'customers:read' },
  { row: 'create customers', request: () => ['POST', '/v1/customers', customerBody()], allowed: ['owner', 'admin', 'manager', 'agent'], scope: 'customers:write' },
  { row: 'change customers', request: async (t) => ['PATCH', `/v1/customers/${await customerOf(t)}`, { source: 'matrix' }], allowed: ['owner', 'admin', 'manager', 'agent'], scope: 'customers:write' },
  { row: 'reveal personal data', request: async (t) => ['GET', `/v1/customers/${await customerOf(t)}?reveal=true`], allowed: ['owner', 'admin', 'manager'], scope: 'customers:reveal' },
  { row: 'erase customers', request: async (t) => ['DELETE', `/v1/customers/${await customerOf(t)}`], allowed: ['owner', 'admin', 'manager'], scope: 'customers:delete' },
  { row: 'manage users', request: () => ['POST', '/v1/users', { email: `u${Math.random()}@x.example.com`, name: 'U', role: 'viewer', password: 'long-enough-pw' }], allowed: ['owner', 'admin'], scope: 'admin' },
  { row: 'list users', request: () => ['GET', '/v1/users'], allowed: ['owner', 'admin'], scope: 'admin' },
  { row: 'manage API keys', request: () => ['GET', '/v1/api-keys'], allowed: ['owner', 'admin'], scope: 'admin' },
  { row: 'change settings', request: () => ['PATCH', '/v1/tenant/settings', { birthdayOffer: { sendHour: 10 } }], allowed: ['owner', 'admin'], scope: 'admin' },
  { row: 'read audit log', request: () => ['GET', '/v1/audit'], allowed: ['owner', 'admin'], scope: 'audit:read' },
  { row: 'read the tenant', request: () => ['GET', '/v1/tenant'], allowed: ['owner', 'admin', 'manager', 'agent', 'viewer'], scope: 'customers:read' },
];

const roles: Role[] = ['owner', 'admin', 'manager', 'agent', 'viewer'];

describe('the role matrix', () => {
  let tenant: TestTenant;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    tenant = await newTenant();
    tokens.owner = tenant.token;
    for (const role of roles.filter((r) => r !== 'owner')) tokens[role] = (await newStaff(tenant, role)).token;
  });

  for (const { row, request, allowed } of matrix) {
    for (const role of roles) {
      const verdict = allowed.includes(role) ? 'lets' : 'forbids';
      it(`${verdict} ${role} to ${row}`, async () => {
        const [method, path, body] = await request(tenant);

        const answer = await call(method, path, { token: tokens[role], ...(body === undefined ? {} : { body }) });

        if (allowed.includes(role)) expect(answer.status, answer.text).toBeLessThan(300);
        else expect(answer.status, answer.text).toBe(403);
      });
    }
  }

  for (const { row, request, scope } of matrix) {
    it(`lets an API key with ${scope} ${row}, and refuses one without it`, async () => {
      // Reveal asks for read as well; a key grants a role only if it holds all the role's
      // permissions, so making a viewer takes the viewer's read too.
      const needed = scope === 'customers:reveal' || row === 'manage users' ? ['customers:read', scope] : [scope];
      const withScope = await newApiKey(tenant, needed);
      const other = await newApiKey(tenant, [scope === 'audit:read' ? 'admin' : 'audit:read']);
      const options = async () => {
        const [method, path, body] = await request(tenant);
        return { method, path, options: body === undefined ? {} : { body } };
      };

      const first = await options();
      const permitted = await call(first.method, first.path, { token: withScope.key, ...first.options });
      const second = await options();
      const refused = await call(second.method, second.path, { token: other.key, ...second.options });

      expect(permitted.status, permitted.text).toBeLessThan(300);
      if (row !== 'read the tenant') expect(refused.status, refused.text).toBe(403);
    });
  }

  it('lets only the owner delete the tenant', async () => {
    const leaving = await newTenant();
    const admin = await newStaff(leaving, 'admin');
    const adminKey = await newApiKey(leaving, ['admin']);

    expect((await del('/v1/tenant', admin.token)).status).toBe(403);
    expect((await del('/v1/tenant', adminKey.key)).status).toBe(403);
    expect((await del('/v1/tenant', leaving.token)).status).toBe(204);
  });
});
