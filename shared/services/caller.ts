import type { Actor, Principal } from '#shared/domain/access';
import type { RequestMeta } from '#shared/domain/request-meta';
import type { TenantScope } from '#shared/data/tenant-scope';

/**
 * Who takes an action, for which tenant, in which request: the first argument of every service
 * action (the second is the action's input). The HTTP stack builds it from the authenticated
 * principal; jobs and consumers build it with the system as actor.
 */
export interface Caller<A = Principal> {
  scope: TenantScope;
  principal: A;
  meta: RequestMeta;
}

/** The system acting for one tenant at an instant (a job run or an event being handled). */
export const systemCaller = (scope: TenantScope, meta: RequestMeta): Caller<Actor> => ({ scope, principal: { kind: 'system' }, meta });
