import { fileDownload } from '#shared/http/answers';
import { ExportQuerySchema } from '#shared/domain/exports';
import { fileAnswer } from '#shared/http/responses';
import { exportCustomersNow } from '#shared/services/export-files';
import { CSV_MEDIA_TYPE, XLSX_TYPE } from '#shared/spreadsheets/sheet-formats';
import { route } from '../http-route.ts';

export const handler = route('export-customers', {
  query: ExportQuerySchema,
  response: { 200: fileDownload('The customers as a CSV (UTF-8 with a BOM, for Excel) or a workbook, masked unless revealed', CSV_MEDIA_TYPE, XLSX_TYPE) },
  // More customers than one answer holds; `?segmentId=` of no segment of the tenant.
  problems: ['too-large-to-answer', 'not-found'],
  handle: async ({ caller, query }) => fileAnswer(await exportCustomersNow(caller, { ...query, reveal: query.reveal === 'true' })),
});
