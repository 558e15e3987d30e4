import { publicTenant, defaultTenantSettings, type SignUp, type Tenant } from '#shared/domain/tenant';
import { publicUser, type User } from '#shared/domain/user';
import { DossierError } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import { digestOf } from '#shared/crypto/digests';
import { hashPassword } from '#shared/crypto/passwords';
import { issueSessionToken } from '#shared/crypto/session-tokens';
import { provisionTenantKeys, retireTenantKey } from '#shared/crypto/tenant-keys';
import { createTenantSteps, findTenantIdBySlug } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { createUserSteps } from '#shared/data/user-repository';
import { takeFromWindow } from '#shared/data/rate-windows';
import { config } from '#shared/runtime/config';
import { newId } from '#shared/runtime/ids';
import { auditStepOf } from './audit-trail.ts';
import { enrolTenantUsage, removeTenantUsage } from './tenant-usage.ts';

const HOUR_MS = 3600_000;

/**
 * Every sign-up creates a KMS key ($1 a month, and the account's key quota is finite), so a flood
 * of sign-ups must not run either up: at most `perSourceHour` an hour from one source address
 * (kept as a keyed digest, never the address), and `perStageDay` a day in the whole stage, whoever
 * asks. Checked after the slug (a taken slug costs nothing) and before the key is made.
 */
const rationSignUps = async (meta: RequestMeta): Promise<void> => {
  const { perSourceHour, perStageDay } = config().signUpLimits;
  const windows = [
    ...(perSourceHour ? [{ subject: `SIGNUP#SOURCE#${await digestOf('sign-up-source', meta.sourceIp ?? 'unknown')}`, limit: perSourceHour, windowMs: HOUR_MS }] : []),
    ...(perStageDay ? [{ subject: 'SIGNUP#STAGE', limit: perStageDay, windowMs: 24 * HOUR_MS }] : []),
  ];
  for (const window of windows) {
    const taken = await takeFromWindow('global', window.subject, window, meta.now.getTime());
    if (!taken.allowed) throw new DossierError('rate-limited', { retryAfter: taken.retryAfterSeconds, detail: `Too many sign-ups; try again in ${taken.retryAfterSeconds} s` });
  }
};

/**
 * A business signs up: its own encryption key, its usage key in its plan's usage plan, the tenant,
 * its owner and the slug guard. The slug is checked first so a taken slug costs no key; if a racing
 * sign-up takes it in between, the transaction fails, the key made for this attempt is scheduled
 * for deletion and the usage key removed.
 */
export const signUpTenant = async (meta: RequestMeta, input: SignUp) => {
  if (await findTenantIdBySlug(input.slug)) {
    throw new DossierError('slug-taken', { detail: `The slug "${input.slug}" is already taken` });
  }
  await rationSignUps(meta);
  const now = meta.now.toISOString();
  const tenantId = newId('tenant', meta.now.getTime());
  const scope = scopeOfTenant(tenantId);
  const tenant: Tenant = {
    id: tenantId,
    slug: input.slug,
    name: input.name,
    timezone: input.timezone,
    currency: input.currency,
    locale: input.locale,
    country: input.country,
    plan: 'free',
    settings: defaultTenantSettings(input.country),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const owner: User = {
    id: newId('user', meta.now.getTime()),
    tenantId,
    email: input.ownerEmail,
    name: input.ownerName ?? input.ownerEmail.split('@')[0] ?? input.ownerEmail,
    role: 'owner',
    disabled: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const [passwordHash, emailDigest] = await Promise.all([hashPassword(input.ownerPassword), digestOf(tenantId, input.ownerEmail)]);
  const keyring = await provisionTenantKeys(tenantId);
  let usageKeyId: string | undefined;
  try {
    usageKeyId = await enrolTenantUsage(tenantId, tenant.plan);
    await transactWrite('global', [
      ...createTenantSteps(scope, tenant, { keyring, usageKeyId }),
      ...createUserSteps(scope, { ...owner, passwordHash, emailDigest }),
      auditStepOf({ scope, principal: { kind: 'user', tenantId, userId: owner.id, role: 'owner' }, meta }, 'tenant.created', { target: { type: 'tenant', id: tenantId } }),
    ]);
  } catch (error) {
    await retireTenantKey(keyring.keyRef).catch(() => undefined);
    if (usageKeyId) await removeTenantUsage(usageKeyId).catch(() => undefined);
    throw error;
  }
  const token = await issueSessionToken({ tenantId, userId: owner.id, role: 'owner' }, meta.now);
  return { tenant: publicTenant(tenant), owner: { ...publicUser(owner), role: 'owner' as const }, token };
};
