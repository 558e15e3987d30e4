import { ExportQuerySchema } from '#shared/domain/exports';
import { fileAnswer } from '#shared/http/responses';
import { exportCustomersNow } from '#shared/services/export-files';
import { CSV_TYPE, XLSX_TYPE } from '#shared/spreadsheets/sheet-formats';
import { route } from '../http-route.ts';

export const handler = route('export-customers', {
  query: ExportQuerySchema,
  produces: [CSV_TYPE, XLSX_TYPE],
  handle: async ({ caller, query }) => fileAnswer(await exportCustomersNow(caller, { ...query, reveal: query.reveal === 'true' })),
});
