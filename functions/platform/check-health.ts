import * as z from 'zod';
import { ok } from '#shared/http/responses';
import { openRoute } from '../http-route.ts';

const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health', examples: [{ status: 'ok' }] });

export const handler = openRoute('check-health', {
  response: { 200: HealthSchema },
  handle: async () => ok({ status: 'ok' as const }),
});
