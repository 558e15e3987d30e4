import { ImportPathSchema } from '#shared/http/path-schemas';
import { fileAnswer } from '#shared/http/responses';
import { importFailures } from '#shared/services/imports';
import { CSV_TYPE } from '#shared/spreadsheets/sheet-formats';
import { route } from '../http-route.ts';

export const handler = route('get-import-failures', {
  params: ImportPathSchema,
  produces: [CSV_TYPE],
  handle: async ({ caller, params }) => fileAnswer({ ...(await importFailures(caller, params)), contentType: CSV_TYPE }),
});
