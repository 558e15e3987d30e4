import { DossierError } from '#shared/domain/errors';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { LogIn } from '#shared/domain/user';
import { digestOf } from '#shared/crypto/digests';
import { verifyAgainstDecoy, verifyPassword } from '#shared/crypto/passwords';
import { issueSessionToken, SESSION_TTL_SECONDS } from '#shared/crypto/session-tokens';
import { appendAudit } from '#shared/data/audit-repository';
import { clearFailures, countFailure, readFailures } from '#shared/data/login-throttle-repository';
import { findTenantIdBySlug, tenantIsActive } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { findCredentialsByEmailDigest } from '#shared/data/user-repository';
import { auditEntryOf } from './audit-trail.ts';

/** Five wrong answers for one (slug, email) within 15 minutes lock that pair until the window ends. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

// One answer for every wrong part, so sign-in can't be used to learn which slugs or emails exist.
const refused = () => new DossierError('unauthenticated', { detail: 'The slug, email or password is not right' });

export const logIn = async (meta: RequestMeta, input: LogIn) => {
  const nowMs = meta.now.getTime();
  const subject = await digestOf('login', input.tenantSlug.toLowerCase(), input.email);
  const window = await readFailures(subject, nowMs);
  if (window && window.failures >= LOGIN_MAX_FAILURES) {
    throw new DossierError('rate-limited', {
      detail: 'Too many failed sign-ins; try again later',
      retryAfter: Math.max(1, Math.ceil((window.windowEndsAt - nowMs) / 1000)),
    });
  }

  const tenantId = await findTenantIdBySlug(input.tenantSlug);
  const scope = tenantId ? scopeOfTenant(tenantId) : undefined;
  // A closing tenant's slug is freed in the transaction that marks it, so it is not found by its
  // slug; its status is read as well, so a sign-in can never open a session of a closing tenant.
  const [found, active] = scope ? await Promise.all([findCredentialsByEmailDigest(scope, await digestOf(scope.tenantId, input.email)), tenantIsActive(scope)]) : [undefined, false];
  const passwordOk = found ? await verifyPassword(input.password, found.passwordHash) : await verifyAgainstDecoy(input.password);

  if (!found || !passwordOk || found.user.disabled || !scope || !active) {
    await countFailure(subject, nowMs, LOGIN_WINDOW_MS);
    if (scope) {
      await appendAudit(
        scope,
        auditEntryOf({ scope, principal: { kind: 'anonymous' }, meta }, 'auth.login_failed', {
          outcome: 'failure',
          ...(found ? { target: { type: 'user', id: found.user.id } } : {}),
        }),
      );
    }
    throw refused();
  }

  const { user } = found;
  await Promise.all([
    window ? clearFailures(subject) : Promise.resolve(),
    appendAudit(
      scope,
      auditEntryOf({ scope, principal: { kind: 'user', tenantId: user.tenantId, userId: user.id, role: user.role }, meta }, 'auth.login_succeeded', {
        target: { type: 'user', id: user.id },
      }),
    ),
  ]);
  const token = await issueSessionToken({ tenantId: user.tenantId, userId: user.id, role: user.role }, meta.now);
  return { token, expiresIn: SESSION_TTL_SECONDS, user: { id: user.id, email: user.email, role: user.role, name: user.name } };
};
