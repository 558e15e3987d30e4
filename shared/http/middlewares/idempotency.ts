import { scopeOf } from '#shared/data/tenant-scope';
import { abandonIdempotentRequest, beginIdempotentRequest, finishIdempotentRequest } from '#shared/services/idempotency';
import type { ApiMiddleware, ApiRequest } from '../api-context.ts';
import { takesIdempotencyKey } from '../route-traits.ts';

/**
 * `Idempotency-Key` on a POST (API.md): before the handler, the key is claimed for this request or,
 * if an earlier request with the same key and body finished, its answer is put on the state for
 * the handler step to serve. middy's early return would skip the after middlewares (request id,
 * security headers), so the replay goes through the handler step instead. After the handler the
 * answer is kept; on an error the key is released, so a retry runs.
 */
export const idempotency = (options: { route: { name: string; method: string } }): ApiMiddleware => {
  const idempotencyBefore = async (request: ApiRequest): Promise<void> => {
    const state = request.context.state;
    const key = state.headers['idempotency-key'];
    if (!takesIdempotencyKey(options.route) || key === undefined) return;
    const scope = state.principal ? scopeOf(state.principal) : 'global';
    const caller = state.principal ? (state.principal.kind === 'user' ? state.principal.userId : state.principal.keyId) : 'public';
    const start = await beginIdempotentRequest(scope, { key, caller, route: options.route.name, path: state.path, body: state.rawBody ?? '', now: state.now });
    if (start.kind === 'run') state.idempotency = start.claim;
    else state.replay = { ...start.answer, headers: { ...start.answer.headers, 'idempotent-replayed': 'true' } };
  };
  const idempotencyAfter = async (request: ApiRequest): Promise<void> => {
    const state = request.context.state;
    const claim = state.idempotency;
    if (!claim || !request.response) return;
    // The handler finished: from here the claim is not released, even if keeping the answer fails.
    state.idempotency = undefined;
    const { statusCode, headers, body } = request.response;
    await finishIdempotentRequest(claim, { statusCode, body, ...(headers ? { headers } : {}) });
  };
  const idempotencyOnError = async (request: ApiRequest): Promise<void> => {
    const { idempotency: claim } = request.context.state;
    if (claim) await abandonIdempotentRequest(claim);
  };
  return { before: idempotencyBefore, after: idempotencyAfter, onError: idempotencyOnError };
};
