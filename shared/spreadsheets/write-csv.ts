/**
 * A CSV for people to open in Excel: a BOM first (or Excel reads UTF-8 as the local code page and
 * Chinese turns to mojibake), CRLF line ends, RFC 4180 quoting.
 */

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
