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
export const PermissionSchema = z.enum([...scopes, 'tenant:delete']);
export type Permission = z.output<typeof PermissionSchema>;

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

export const UserPrincipalSchema = z.object({ kind: z.literal('user'), tenantId: z.string(), userId: z.string(), role: RoleSchema });
export type UserPrincipal = z.output<typeof UserPrincipalSchema>;

export const ApiKeyPrincipalSchema = z.object({ kind: z.literal('apiKey'), tenantId: z.string(), keyId: z.string(), scopes: z.array(ScopeSchema) });
export type ApiKeyPrincipal = z.output<typeof ApiKeyPrincipalSchema>;

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** A principal as work the system does for it carries it (ids and a role or scopes, nothing personal). */
export const PrincipalSchema = z.discriminatedUnion('kind', [UserPrincipalSchema, ApiKeyPrincipalSchema]);

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

/**
 * May `principal` give someone the role `role`? A user: not above their own role. An API key: only
 * a role whose every permission the key holds itself — a key can't make a user more powerful than
 * it is and then sign in as them (an `admin`-only key can't make an admin, who could reveal).
 */
export const mayGrant = (principal: Principal, role: Role): boolean =>
  principal.kind === 'user' ? roleRank[principal.role] >= roleRank[role] : rolePermissions[role].every((permission) => (principal.scopes as readonly Permission[]).includes(permission));

/** May `actor` change or remove a user who holds `target`? An admin can't touch an owner. */
export const mayManage = (actor: Role, target: Role): boolean =>
  roleRank[actor] >= roleRank[target];

/** Who is calling, as `GET /v1/me` answers: a staff user or an API key, and what they may do. */
export const MeSchema = z
  .discriminatedUnion('kind', [
    UserPrincipalSchema.extend({ permissions: z.array(PermissionSchema) }),
    ApiKeyPrincipalSchema.extend({ permissions: z.array(PermissionSchema) }),
  ])
  .meta({
    id: 'Me',
    examples: [
      { kind: 'user', tenantId: 'ten_01JD3K0000AAAABBBBCCCCDDDD', userId: 'usr_01JD3K0000AAAABBBBCCCCDDDD', role: 'agent', permissions: ['customers:read', 'customers:write'] },
    ],
  });

/** The roles that hold a permission (for the description of each operation). */
export const rolesWith = (permission: Permission): Role[] => roles.filter((role) => rolePermissions[role].includes(permission));

/** What decides whether a restricted agent sees a customer: its owner and who holds its open follow-ups. */
export interface CustomerAudience {
  ownerUserId?: string | undefined;
  openFollowupsBy?: Record<string, number> | undefined;
}

/**
 * The staff user a caller's view of customers is limited to, under the tenant's `visibility`:
 * an agent when it is `own`; nobody (undefined) otherwise — managers and above, and API keys,
 * see every customer.
 */
export const restrictedViewer = (actor: Actor, visibility: 'all' | 'own'): string | undefined =>
  visibility === 'own' && actor.kind === 'user' && actor.role === 'agent' ? actor.userId : undefined;

/** May the agent `userId` see a customer: they own it or hold one of its open follow-ups. */
export const audienceIncludes = (userId: string, audience: CustomerAudience): boolean =>
  audience.ownerUserId === userId || (audience.openFollowupsBy?.[userId] ?? 0) > 0;
