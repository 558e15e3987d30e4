import { can, type RouteAccess } from '#shared/domain/access';
import { DossierError } from '#shared/domain/errors';
import { logger } from '#shared/runtime/logger';
import { resolvePrincipal } from '#shared/services/authentication';
import type { ApiMiddleware, ApiRequest } from '../api-context.ts';

/** Resolves the caller (401 if none) and enforces the route's permission from the manifest (403). */
export const authenticate = (options: { access: RouteAccess }): ApiMiddleware => {
  const authenticateBefore = async (request: ApiRequest): Promise<void> => {
    if (options.access === 'public') return;
    const state = request.context.state;
    const principal = await resolvePrincipal(state.headers.authorization);
    if (!principal) {
      throw new DossierError('unauthenticated', { detail: 'Send a valid token or API key as Authorization: Bearer …' });
    }
    state.principal = principal;
    logger.appendKeys({ tenantId: principal.tenantId, principal: principal.kind === 'user' ? principal.userId : principal.keyId });
    if (options.access !== 'authenticated' && !can(principal, options.access)) {
      throw new DossierError('forbidden', { detail: `This needs the ${options.access} permission` });
    }
  };
  return { before: authenticateBefore };
};
