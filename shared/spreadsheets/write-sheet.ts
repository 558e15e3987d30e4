import ExcelJS from 'exceljs';

/**
 * Spreadsheets for people to open: a CSV that Excel reads as UTF-8 (a BOM first, or Chinese turns
 * to mojibake; CRLF line ends) or an `.xlsx` workbook whose cells are all text.
 */
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A cell Excel would run as a formula (`=`, `+`, `-`, `@`, or a leading tab or carriage return) is
 * prefixed with an apostrophe, as OWASP advises against CSV injection; the importer takes it off.
 */
const defused = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const quoted = (value: string): string => {
  const safe = defused(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvOf = (header: readonly string[], rows: readonly (readonly string[])[]): Buffer => {
  const lines = [header, ...rows].map((cells) => cells.map(quoted).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
};

/** One sheet, header in bold, every cell a string (no number or date guessing, no formulas). */
export const xlsxOf = async (sheetName: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
