import { describe, expect, it } from 'vitest';
import { can, mayGrant, mayManage, permissionsOf, scopes, type Principal, type Scope } from '#shared/domain/access';

const user = (role: 'owner' | 'admin' | 'manager' | 'agent' | 'viewer'): Principal => ({ kind: 'user', tenantId: 'ten_x', userId: 'usr_x', role });

describe('the access matrix', () => {
  it('lets managers reveal and erase but not administer', () => {
    expect(can(user('manager'), 'customers:reveal')).toBe(true);
    expect(can(user('manager'), 'customers:delete')).toBe(true);
    expect(can(user('manager'), 'admin')).toBe(false);
    expect(can(user('manager'), 'audit:read')).toBe(false);
  });

  it('keeps agents to reading and writing, and viewers to reading', () => {
    expect(permissionsOf(user('agent'))).toEqual(['customers:read', 'customers:write']);
    expect(permissionsOf(user('viewer'))).toEqual(['customers:read']);
  });

  it('reserves deleting the tenant for the owner', () => {
    expect(can(user('owner'), 'tenant:delete')).toBe(true);
    expect(can(user('admin'), 'tenant:delete')).toBe(false);
  });

  it('gives an API key exactly its scopes', () => {
    const key: Principal = { kind: 'apiKey', tenantId: 'ten_x', keyId: 'key_x', scopes: ['customers:read', 'audit:read'] };

    expect(can(key, 'audit:read')).toBe(true);
    expect(can(key, 'customers:write')).toBe(false);
    expect(can(key, 'tenant:delete')).toBe(false);
  });

  it('lets nobody grant a role above their own', () => {
    expect(mayGrant(user('admin'), 'owner')).toBe(false);
    expect(mayGrant(user('admin'), 'admin')).toBe(true);
    expect(mayGrant(user('owner'), 'owner')).toBe(true);
    expect(mayGrant(user('manager'), 'admin')).toBe(false);
  });

  it('lets an API key grant only a role whose every permission it holds', () => {
    const key = (...scopes: Scope[]): Principal => ({ kind: 'apiKey', tenantId: 'ten_x', keyId: 'key_x', scopes });
    expect(mayGrant(key('admin'), 'admin')).toBe(false);
    expect(mayGrant(key('admin'), 'viewer')).toBe(false);
    expect(mayGrant(key('admin', 'customers:read'), 'viewer')).toBe(true);
    expect(mayGrant(key('admin', 'customers:read', 'customers:write'), 'manager')).toBe(false);
    expect(mayGrant(key(...scopes), 'admin')).toBe(true);
    expect(mayGrant(key(...scopes), 'owner')).toBe(false);
  });

  it("doesn't let an admin manage an owner", () => {
    expect(mayManage('admin', 'owner')).toBe(false);
    expect(mayManage('owner', 'admin')).toBe(true);
  });
});
