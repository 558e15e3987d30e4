import { ExportJobSchema, ExportRequestSchema } from '#shared/domain/exports';
import { accepted } from '#shared/http/responses';
import { requestExport } from '#shared/services/exports';
import { route } from '../http-route.ts';

export const handler = route('request-export', {
  body: ExportRequestSchema,
  response: { 202: ExportJobSchema },
  // A `segmentId` of no segment of the tenant.
  problems: ['not-found'],
  handle: async ({ caller, body }) => accepted(await requestExport(caller, body)),
});
