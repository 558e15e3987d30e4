import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '#shared/domain/access';
import { serviceKey } from './service-secret.ts';

/**
 * Staff session tokens: HS256 JWTs (the algorithm is pinned on verify, so `alg: none` or a
 * swapped algorithm is refused), issuer and audience checked, one hour at most.
 */
export const SESSION_TTL_SECONDS = 3600;
const ISSUER = 'dossier';
const AUDIENCE = 'dossier-api';

export interface SessionClaims {
  tenantId: string;
  userId: string;
  role: Role;
}

export const issueSessionToken = async (claims: SessionClaims, now: Date): Promise<string> =>
  new SignJWT({ tid: claims.tenantId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + SESSION_TTL_SECONDS)
    .sign(await serviceKey('session-token'));

/** The claims of a valid token, or undefined for anything else (tampered, expired, wrong alg). */
export const readSessionToken = async (token: string): Promise<SessionClaims | undefined> => {
  try {
    const { payload } = await jwtVerify(token, await serviceKey('session-token'), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      maxTokenAge: SESSION_TTL_SECONDS + 60,
    });
    if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || typeof payload.role !== 'string') {
      return undefined;
    }
    return { tenantId: payload.tid, userId: payload.sub, role: payload.role as Role };
  } catch {
    return undefined;
  }
};
