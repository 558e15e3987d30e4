import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DossierError } from '#shared/domain/errors';
import type { SheetFormat } from './sheet-formats.ts';

/**
 * A spreadsheet as people send it — a CSV in UTF-8 (with or without a BOM) or in GBK, Excel's
 * default for Chinese CSV, or an `.xlsx` workbook — read into rows of text. Row numbers are the
 * ones the person sees in Excel (the header is row 1), so a reported row can be found again.
 */
export type TextEncoding = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';

export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  format: SheetFormat;
  /** How a CSV's bytes were read (xlsx is always Unicode). */
  encoding: TextEncoding | undefined;
  header: string[];
  rows: SheetRow[];
}

/** The most rows and columns one file may hold. */
export const SHEET_LIMITS = { rows: 100_000, columns: 200 } as const;

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((byte, at) => bytes[at] === byte);

/**
 * The text of a CSV: a byte-order mark decides; otherwise bytes that are valid UTF-8 are UTF-8
 * (GBK text of any length practically never is), and the rest is GBK, read as GB18030, its superset.
 */
export const decodeText = (bytes: Buffer, forced?: TextEncoding): { text: string; encoding: TextEncoding } => {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (startsWith(bytes, 0xff, 0xfe)) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (startsWith(bytes, 0xfe, 0xff)) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (forced) return { text: forced === 'gbk' ? iconv.decode(bytes, 'gb18030') : iconv.decode(bytes, forced), encoding: forced };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gbk' };
  }
};

const unreadable = (detail: string) => new DossierError('validation-failed', { detail, errors: [{ path: 'body', message: detail }] });

/** The delimiter of the header line: comma unless semicolons or tabs clearly separate it. */
const delimiterOf = (text: string): string => {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((candidate) => ({ candidate, count: firstLine.split(candidate).length - 1 }));
  return counts.reduce((best, next) => (next.count > best.count ? next : best)).candidate;
};

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** Header first; blank rows are dropped but keep their numbers counted. */
const sheetOf = (format: SheetFormat, encoding: TextEncoding | undefined, numbered: SheetRow[]): Sheet => {
  const rows = numbered.filter((row) => !isBlank(row.cells));
  const [header, ...data] = rows;
  if (!header) throw unreadable('The file has no header row');
  if (data.length > SHEET_LIMITS.rows) throw unreadable(`The file has ${data.length} rows; at most ${SHEET_LIMITS.rows} can be imported at once`);
  if (header.cells.length > SHEET_LIMITS.columns) throw unreadable(`The file has ${header.cells.length} columns; at most ${SHEET_LIMITS.columns}`);
  return { format, encoding, header: header.cells.map((cell) => cell.trim()), rows: data };
};

const readCsv = (bytes: Buffer, forced?: TextEncoding): Sheet => {
  const { text, encoding } = decodeText(bytes, forced);
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw unreadable(`The CSV could not be read: ${(error as Error).message.slice(0, 200)}`);
  }
  // One record is one row of the sheet, as Excel numbers them (a quoted line break stays in its cell).
  return sheetOf('csv', encoding, records.map((cells, index) => ({ row: index + 1, cells })));
};

const pad = (value: number) => String(value).padStart(2, '0');

/** A date cell as Excel shows it: the date alone when it has no time of day. */
const dateText = (date: Date): string => {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return date.getUTCHours() + date.getUTCMinutes() + date.getUTCSeconds() === 0 ? day : date.toISOString();
};

const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
};

const readXlsx = async (bytes: Buffer): Promise<Sheet> => {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable(`The workbook could not be read: ${(error as Error).message.slice(0, 200)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('The workbook has no sheet');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    // `row.values` is 1-based (index 0 is empty), like Excel's column numbers.
    rows.push({ row: number, cells: values.slice(1).map(cellText) });
  });
  return sheetOf('xlsx', undefined, rows);
};

/** The rows of a CSV or an `.xlsx` file (its first sheet). A file that can't be read is a 400 listing why. */
export const readSheet = async (file: { bytes: Buffer; format: SheetFormat; encoding?: TextEncoding | undefined }): Promise<Sheet> =>
  file.format === 'xlsx' ? readXlsx(file.bytes) : readCsv(file.bytes, file.encoding);
