import createClient, { type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from '#docs/openapi.d.ts';
import { currentSession, endSession } from '#web/session/session-store.ts';

/** Types of the public API, generated from its OpenAPI document (docs/openapi.d.ts): none by hand. */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
/** The JSON body an operation (by its operationId) takes. */
export type Body<Op extends keyof operations> = operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** A problem+json answer (RFC 9457) as an error the screens can show, field errors included. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
  }

  get kind(): string | undefined {
    return this.problem.type?.split('/').pop();
  }
}

const bearer: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A token the API no longer accepts (expired, user disabled): back to sign-in, then back here.
    if (response.status === 401 && request.headers.has('authorization')) endSession();
    return response;
  },
};

/** The one client of the console: same origin as the API, typed by the document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** The answer's body, or an ApiProblem for anything but success. */
export const answer = async <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(response.status, (error ?? {}) as Partial<Problem>);
  return data as T;
};
