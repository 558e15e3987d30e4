import { ExportPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readExport } from '#shared/services/exports';
import { route } from '../http-route.ts';

export const handler = route('get-export', {
  params: ExportPathSchema,
  handle: async ({ caller, params }) => ok(await readExport(caller, params)),
});
