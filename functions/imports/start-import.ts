import { ImportQuerySchema, ImportSchema } from '#shared/domain/imports';
import { accepted } from '#shared/http/responses';
import { requestImport } from '#shared/services/imports';
import { importedFileTypes } from '#shared/spreadsheets/sheet-formats';
import { route } from '../http-route.ts';

export const handler = route('start-import', {
  query: ImportQuerySchema,
  upload: { contentTypes: importedFileTypes },
  response: { 202: ImportSchema },
  handle: async ({ caller, query, upload }) => accepted(await requestImport(caller, { file: upload, query })),
});
