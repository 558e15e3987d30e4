import type { z } from 'zod';
import { apiRoute, publicRoute } from '#shared/http/api-route';
import { routeNamed, type RouteName } from './manifest.ts';

/**
 * Binds a handler to its manifest entry by name (checked at compile time), so method, path and
 * permission are written once, in the manifest.
 */
export const route = <
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  name: RouteName,
  spec: Parameters<typeof apiRoute<B, Q, P>>[1],
) => apiRoute<B, Q, P>(routeNamed(name), spec);

export const openRoute = <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  name: RouteName,
  spec: Parameters<typeof publicRoute<B, Q>>[1],
) => publicRoute<B, Q>(routeNamed(name), spec);
