import { DossierError } from '#shared/domain/errors';
import type { User } from '#shared/domain/user';
import { readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import { queryPage, type Page, type PageRequest } from './pagination.ts';
import { deleteItem, putIfNew, transactWrite, type TransactionStep } from './transactions.ts';
import type { TenantScope } from './tenant-scope.ts';

/**
 * Staff users live in one partition per tenant with their email guard items. The tenant item
 * keeps `ownerCount`, the owners who can sign in (not disabled), changed in the same transaction
 * as any of them, so the last one can't be removed, demoted or disabled, even by two concurrent
 * requests.
 */

const toUser = (item: Record<string, unknown>): User => ({
  id: item.id as string,
  tenantId: item.tenantId as string,
  email: item.email as string,
  name: item.name as string,
  role: item.role as User['role'],
  disabled: Boolean(item.disabled),
  version: item.version as number,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

const ownerCountChange = (scope: TenantScope, delta: 1 | -1): TransactionStep => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: keys.tenant(scope),
      UpdateExpression: 'ADD ownerCount :delta',
      ...(delta < 0 ? { ConditionExpression: 'ownerCount > :one' } : {}),
      ExpressionAttributeValues: delta < 0 ? { ':delta': delta, ':one': 1 } : { ':delta': delta },
    },
  },
  onConditionFailed: () => new DossierError('conflict', { detail: 'A tenant must keep at least one owner who can sign in' }),
});

/** Counted in `ownerCount`: an owner who can sign in. */
const activeOwner = (user: Pick<User, 'role' | 'disabled'>): boolean => user.role === 'owner' && !user.disabled;

/** A user as stored: with the hash of their password and the keyed digest of their email. */
export type StoredUser = User & { passwordHash: string; emailDigest: string };

export const createUserSteps = (scope: TenantScope, user: StoredUser): TransactionStep[] => [
  putIfNew({ ...keys.userEmail(scope, user.emailDigest), entity: 'user-email', userId: user.id }, () => new DossierError('email-taken')),
  putIfNew({ ...keys.user(scope, user.id), entity: 'user', ...user }),
];

export const createUser = async (scope: TenantScope, user: StoredUser, audit: TransactionStep): Promise<void> =>
  transactWrite(scope, [...createUserSteps(scope, user), ...(user.role === 'owner' ? [ownerCountChange(scope, 1)] : []), audit]);

/** A staff user; `consistent` for a read a conditional write will rest on. */
export const getUser = async (scope: TenantScope, userId: string, consistent = false): Promise<User | undefined> => {
  const item = await readItem(scope, keys.user(scope, userId), { consistent });
  return item ? toUser(item) : undefined;
};

/** The user and password hash for sign-in, found through the email guard item. */
export const findCredentialsByEmailDigest = async (
  scope: TenantScope,
  emailDigest: string,
): Promise<{ user: User; passwordHash: string } | undefined> => {
  const guard = await readItem(scope, keys.userEmail(scope, emailDigest));
  const userId = guard?.userId as string | undefined;
  if (!userId) return undefined;
  const item = await readItem(scope, keys.user(scope, userId));
  return item ? { user: toUser(item), passwordHash: item.passwordHash as string } : undefined;
};

export const listUsers = (scope: TenantScope, page: PageRequest): Promise<Page<User>> =>
  queryPage(scope, { partition: keys.usersPartition(scope), range: { beginsWith: keys.userPrefix }, page }, toUser);

/** Saves `next` over `current` if nobody changed the user since it was read. */
export const saveUser = async (scope: TenantScope, current: User, next: User, audit: TransactionStep): Promise<void> => {
  const steps: TransactionStep[] = [
    {
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.user(scope, current.id),
          UpdateExpression: 'SET #name = :name, #role = :role, disabled = :disabled, version = :next, updatedAt = :now',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: { '#name': 'name', '#role': 'role' },
          ExpressionAttributeValues: {
            ':name': next.name,
            ':role': next.role,
            ':disabled': next.disabled,
            ':next': current.version + 1,
            ':expected': current.version,
            ':now': next.updatedAt,
          },
        },
      },
      onConditionFailed: () => new DossierError('precondition-failed'),
    },
    audit,
  ];
  if (activeOwner(current) && !activeOwner(next)) steps.push(ownerCountChange(scope, -1));
  if (!activeOwner(current) && activeOwner(next)) steps.push(ownerCountChange(scope, 1));
  await transactWrite(scope, steps);
};

export const deleteUser = async (scope: TenantScope, user: User, emailDigest: string, audit: TransactionStep): Promise<void> => {
  const steps: TransactionStep[] = [
    deleteItem(keys.user(scope, user.id), { version: user.version, onStale: () => new DossierError('precondition-failed') }),
    deleteItem(keys.userEmail(scope, emailDigest)),
    audit,
  ];
  if (activeOwner(user)) steps.push(ownerCountChange(scope, -1));
  await transactWrite(scope, steps);
};
