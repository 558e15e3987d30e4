import type { IncomingMessage } from 'node:http';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { gateway, type RouteEntry } from '#functions/manifest';
import { DossierError } from '#shared/domain/errors';
import { planLimits, takeToken, type TokenBucket } from '#shared/domain/plan-limits';
import { config } from '#shared/runtime/config';
import { localUsagePlans } from '#shared/usage-plans/usage-plan-providers';

type Authorizer = (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** Past this many cached answers the cache starts over (API Gateway's is bounded too). */
const MAX_CACHED = 10_000;

const unauthenticated = () => new DossierError('unauthenticated', { detail: 'Send a valid token or API key as Authorization: Bearer …' });

const authorizerEvent = (request: IncomingMessage, route: RouteEntry, authorization: string): APIGatewayRequestAuthorizerEvent => ({
  type: 'REQUEST',
  methodArn: `arn:aws:execute-api:local:000000000000:local/${config().stage}/${route.method}${route.path}`,
  resource: route.path,
  path: request.url ?? route.path,
  httpMethod: route.method,
  headers: { Authorization: authorization },
  multiValueHeaders: { Authorization: [authorization] },
  pathParameters: null,
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
});

/**
 * What API Gateway does for an authenticated route before its function runs, locally: no
 * Authorization header is a 401 without asking; otherwise the manifest's authorizer (the same
 * function as in AWS) answers, its allow kept `cacheSeconds` by the header; the usage key it names
 * must be in a usage plan (403 if not, as API Gateway answers); and the key's token bucket, at its
 * plan's rate and burst (`DOSSIER_LOCAL_PLAN_LIMITS` over `planLimits`), must hold a token (429
 * with Retry-After if not; `DOSSIER_LOCAL_THROTTLE=off` skips only this step). Answers the problem to send, or nothing when the function may run.
 */
export const createLocalThrottle = (authorize: Authorizer) => {
  const answers = new Map<string, { result: APIGatewayAuthorizerResult; expiresAtMs: number }>();
  const buckets = new Map<string, TokenBucket>();

  const authorized = async (request: IncomingMessage, route: RouteEntry, authorization: string, nowMs: number) => {
    const cached = answers.get(authorization);
    if (cached && cached.expiresAtMs > nowMs) return cached.result;
    try {
      const result = await authorize(authorizerEvent(request, route, authorization));
      if (answers.size >= MAX_CACHED) answers.clear();
      answers.set(authorization, { result, expiresAtMs: nowMs + gateway.authorizer.cacheSeconds * 1000 });
      return result;
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') return undefined;
      throw error;
    }
  };

  return async (request: IncomingMessage, route: RouteEntry): Promise<DossierError | undefined> => {
    const plans = localUsagePlans();
    if (route.access === 'public' || !plans) return undefined;
    const authorization = request.headers.authorization;
    if (!authorization) return unauthenticated();
    const nowMs = Date.now();
    const result = await authorized(request, route, authorization, nowMs);
    if (!result) return unauthenticated();
    const usageKey = result.usageIdentifierKey ?? '';
    const plan = usageKey ? await plans.planOf(usageKey) : undefined;
    if (!plan) return new DossierError('forbidden', { detail: "The caller's tenant is in no usage plan" });
    if (!config().localThrottle) return undefined;
    const limits = config().localPlanLimits[plan] ?? planLimits[plan];
    const taken = takeToken(buckets.get(usageKey), limits, nowMs);
    buckets.set(usageKey, taken.bucket);
    if (taken.allowed) return undefined;
    return new DossierError('rate-limited', {
      retryAfter: taken.retryAfterSeconds,
      detail: `Your plan (${plan}) allows ${limits.ratePerSecond} requests a second, ${limits.burst} at once; try again in ${taken.retryAfterSeconds} s`,
    });
  };
};
