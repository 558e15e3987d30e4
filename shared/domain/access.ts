import * as z from 'zod';

/**
 * The role/scope matrix of API.md, in one place. Staff roles map to permission sets; API keys
 * carry permissions directly as scopes. Routes name one permission in `functions/manifest.ts`.
 */

export const roles = ['owner', 'admin', 'manager', 'agent', 'viewer'] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

export const scopes = [
  'customers:read',
  'customers:write',
  'customers:reveal',
  'customers:delete',
  'admin',
  'audit:read',
] as const;
export const ScopeSchema = z.enum(scopes);
export type Scope = z.infer<typeof ScopeSchema>;

/** Every permission a route can require. `tenant:delete` belongs to the owner and no key. */
export type Permission = Scope | 'tenant:delete';

/** What a route asks of its caller: nothing, any signed-in principal, or one permission. */
export type RouteAccess = 'public' | 'authenticated' | Permission;

const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: [...scopes, 'tenant:delete'],
  admin: [...scopes],
  manager: ['customers:read', 'customers:write', 'customers:reveal', 'customers:delete'],
  agent: ['customers:read', 'customers:write'],
  viewer: ['customers:read'],
};

/** Higher rank = more power. Nobody grants a role ranked above their own. */
const roleRank: Record<Role, number> = { owner: 5, admin: 4, manager: 3, agent: 2, viewer: 1 };

export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  userId: string;
  role: Role;
}

export interface ApiKeyPrincipal {
  kind: 'apiKey';
  tenantId: string;
  keyId: string;
  scopes: readonly Scope[];
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** A principal as work the system does for it carries it (ids and a role or scopes, nothing personal). */
export const PrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), tenantId: z.string(), userId: z.string(), role: RoleSchema }),
  z.object({ kind: z.literal('apiKey'), tenantId: z.string(), keyId: z.string(), scopes: z.array(ScopeSchema).readonly() }),
]);

/** Dossier itself, when a scheduled job or an event consumer acts (overdue payments, birthday coupons). */
export interface SystemActor {
  kind: 'system';
}

/** Whoever takes an action: a principal of the tenant, or the system. */
export type Actor = Principal | SystemActor;

export const permissionsOf = (principal: Principal): readonly Permission[] =>
  principal.kind === 'user' ? rolePermissions[principal.role] : principal.scopes;

export const can = (principal: Principal, permission: Permission): boolean =>
  permissionsOf(principal).includes(permission);

export const actorOf = (actor: Actor): { type: 'user' | 'apiKey' | 'system'; id: string } =>
  actor.kind === 'user' ? { type: 'user', id: actor.userId } : actor.kind === 'apiKey' ? { type: 'apiKey', id: actor.keyId } : { type: 'system', id: 'system' };

/** May `actor` give someone the role `role`? Nobody grants above their own role. */
export const mayGrant = (actor: Role, role: Role): boolean => roleRank[actor] >= roleRank[role];

/** May `actor` change or remove a user who holds `target`? An admin can't touch an owner. */
export const mayManage = (actor: Role, target: Role): boolean =>
  roleRank[actor] >= roleRank[target];
