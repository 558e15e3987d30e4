/**
 * The spreadsheet formats Dossier reads and writes, by media type. Kept apart from the readers and
 * writers so that a route that only names a format (the import request, a CSV answer) does not
 * bundle exceljs.
 */
export type SheetFormat = 'csv' | 'xlsx';

/** What a CSV is sent as, and its media type alone (as the OpenAPI document names it). */
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What an import accepts as its body: a CSV, a workbook, or either as plain bytes (told apart by their first bytes). */
export const importedFileTypes = ['text/csv', XLSX_TYPE, 'application/octet-stream'] as const;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** A workbook is a zip file; anything else is taken for a CSV. */
export const formatOf = (contentType: string, bytes: Buffer): SheetFormat =>
  contentType === XLSX_TYPE || bytes.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
