import { ImportSchema } from '#shared/domain/imports';
import { ImportPathSchema } from '#shared/http/path-schemas';
import { ok } from '#shared/http/responses';
import { readImport } from '#shared/services/imports';
import { route } from '../http-route.ts';

export const handler = route('get-import', {
  params: ImportPathSchema,
  response: { 200: ImportSchema },
  handle: async ({ caller, params }) => ok(await readImport(caller, params)),
});
