import { mayGrant, mayManage, type Principal, type Role } from '#shared/domain/access';
import { DossierError, notFound } from '#shared/domain/errors';
import { publicUser, type CreateUser, type UpdateUser, type User } from '#shared/domain/user';
import { digestOf } from '#shared/crypto/digests';
import { hashPassword } from '#shared/crypto/passwords';
import type { TenantScope } from '#shared/data/tenant-scope';
import { createUser, deleteUser, getUser, saveUser } from '#shared/data/user-repository';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { retryingRaces } from './optimistic-retry.ts';

/** An API key with the admin scope acts with an admin's rank; it can't reach an owner. */
const rankOf = (principal: Principal): Role => (principal.kind === 'user' ? principal.role : 'admin');

const refuse = (detail: string) => new DossierError('forbidden', { detail });

export const createStaffUser = async (caller: Caller, input: CreateUser) => {
  const { scope, principal, meta } = caller;
  if (!mayGrant(principal, input.role)) throw refuse(`You can't grant the ${input.role} role`);
  const now = meta.now.toISOString();
  const user: User = {
    id: newId('user', meta.now.getTime()),
    tenantId: scope.tenantId,
    email: input.email,
    name: input.name,
    role: input.role,
    disabled: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const [passwordHash, emailDigest] = await Promise.all([hashPassword(input.password), digestOf(scope.tenantId, input.email)]);
  await retryingRaces(() =>
    createUser(scope, { ...user, passwordHash, emailDigest }, auditStepOf(caller, 'user.created', { target: { type: 'user', id: user.id }, details: { role: user.role } })),
  );
  return publicUser(user);
};

const readManageable = async (scope: TenantScope, principal: Principal, userId: string): Promise<User> => {
  const user = await getUser(scope, userId, true);
  if (!user) throw notFound('User');
  if (!mayManage(rankOf(principal), user.role)) throw refuse(`You can't change a user with the ${user.role} role`);
  return user;
};

export const updateStaffUser = async (caller: Caller, request: { userId: string; patch: UpdateUser; ifMatch?: number | undefined }) => {
  const { scope, principal, meta } = caller;
  const { userId, patch, ifMatch } = request;
  return retryingRaces(async () => {
    const current = await readManageable(scope, principal, userId);
    if (ifMatch !== undefined && ifMatch !== current.version) throw new DossierError('precondition-failed');
    if (patch.role && !mayGrant(principal, patch.role)) throw refuse(`You can't grant the ${patch.role} role`);
    const next: User = {
      ...current,
      name: patch.name ?? current.name,
      role: patch.role ?? current.role,
      disabled: patch.disabled ?? current.disabled,
      version: current.version + 1,
      updatedAt: meta.now.toISOString(),
    };
    const changed = (['name', 'role', 'disabled'] as const).filter((field) => patch[field] !== undefined);
    await saveUser(
      scope,
      current,
      next,
      auditStepOf(caller, 'user.updated', { target: { type: 'user', id: userId }, details: { fields: changed, ...(patch.role ? { role: patch.role } : {}) } }),
    );
    return publicUser(next);
  }, { retryStale: ifMatch === undefined });
};

export const deleteStaffUser = async (caller: Caller, request: { userId: string }) => {
  const { scope, principal } = caller;
  // A DELETE names no version: a user changed meanwhile is read again, not answered with a 412.
  await retryingRaces(
    async () => {
      const user = await readManageable(scope, principal, request.userId);
      await deleteUser(scope, user, await digestOf(scope.tenantId, user.email), auditStepOf(caller, 'user.deleted', { target: { type: 'user', id: request.userId } }));
    },
    { retryStale: true },
  );
};
