import { PivotQuerySchema, PivotSchema } from '#shared/domain/reports';
import { ok } from '#shared/http/responses';
import { readPivot } from '#shared/services/reports';
import { route } from '../http-route.ts';

export const handler = route('get-report-pivot', {
  query: PivotQuerySchema,
  response: { 200: PivotSchema },
  // `?segmentId=` of no segment of the tenant.
  problems: ['not-found'],
  handle: async ({ caller, query }) => ok(await readPivot(caller, query)),
});
