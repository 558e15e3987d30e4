import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { apiRoute } from '#shared/http/api-route';
import { created, noContent, ok } from '#shared/http/responses';

// The compiler is the test here: `npm run typecheck` fails if a line marked @ts-expect-error
// starts to compile, i.e. if a handler could answer what its route does not declare.
const route = { name: 'example', method: 'POST', path: '/v1/examples', access: 'customers:write' } as const;
const ThingSchema = z.object({ id: z.string(), version: z.number() });

describe('a route’s declared answer', () => {
  it('types what its handler may return', () => {
    const declared = apiRoute(route, { response: { 201: ThingSchema }, handle: async () => created({ id: 'x', version: 1 }) });

    apiRoute(route, {
      response: { 201: ThingSchema },
      // @ts-expect-error: 200 is not the declared status
      handle: async () => ok({ id: 'x', version: 1 }),
    });
    apiRoute(route, {
      response: { 201: ThingSchema },
      // @ts-expect-error: the body lacks `version`
      handle: async () => created({ id: 'x' }),
    });
    apiRoute(route, {
      response: { 204: null },
      // @ts-expect-error: a 204 route answers no body
      handle: async () => ok({ id: 'x', version: 1 }),
    });
    apiRoute(route, { response: { 204: null }, handle: async () => noContent() });
    // @ts-expect-error: a route must declare its answer
    apiRoute(route, { handle: async () => noContent() });

    expect(declared.answers).toEqual({ 201: ThingSchema });
  });
});
