import { ExportRequestSchema } from '#shared/domain/exports';
import { accepted } from '#shared/http/responses';
import { requestExport } from '#shared/services/exports';
import { route } from '../http-route.ts';

export const handler = route('request-export', {
  body: ExportRequestSchema,
  handle: async ({ caller, body }) => accepted(await requestExport(caller, body)),
});
