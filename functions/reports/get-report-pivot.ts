import { PivotQuerySchema } from '#shared/domain/reports';
import { ok } from '#shared/http/responses';
import { readPivot } from '#shared/services/reports';
import { route } from '../http-route.ts';

export const handler = route('get-report-pivot', {
  query: PivotQuerySchema,
  handle: async ({ caller, query }) => ok(await readPivot(caller, query)),
});
