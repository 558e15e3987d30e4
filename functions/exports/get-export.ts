import { ExportJobSchema } from '#shared/domain/exports';
import { ExportPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readExport } from '#shared/services/exports';
import { route } from '../http-route.ts';

export const handler = route('get-export', {
  params: ExportPathSchema,
  response: { 200: ExportJobSchema },
  handle: async ({ caller, params }) => ok(await readExport(caller, params)),
});
