import { fileDownload } from '#shared/http/answers';
import { ImportPathSchema } from '#shared/http/path-schemas';
import { fileAnswer } from '#shared/http/responses';
import { importFailures } from '#shared/services/imports';
import { CSV_MEDIA_TYPE, CSV_TYPE } from '#shared/spreadsheets/sheet-formats';
import { route } from '../http-route.ts';

export const handler = route('get-import-failures', {
  params: ImportPathSchema,
  response: { 200: fileDownload('The bad rows as they were sent, each with its row number and a reason column: fix them and import the file again', CSV_MEDIA_TYPE) },
  handle: async ({ caller, params }) => fileAnswer({ ...(await importFailures(caller, params)), contentType: CSV_TYPE }),
});
