import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, readSheet } from '#shared/spreadsheets/read-sheet';
import { csvOf } from '#shared/spreadsheets/write-csv';

describe('reading a CSV', () => {
  it('detects UTF-8 with and without a BOM, and GBK', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名', 'utf8'))).toEqual({ text: '姓名', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('姓名', 'utf8'))).toEqual({ text: '姓名', encoding: 'utf-8' });
    expect(decodeText(iconv.encode('姓名,城市', 'gbk'))).toEqual({ text: '姓名,城市', encoding: 'gbk' });
  });

  it('numbers rows as Excel does: the header is row 1, blank rows keep their number, a quoted line break stays in its cell', async () => {
    const sheet = await readSheet({ format: 'csv', bytes: Buffer.from('name,notes\n张伟,"a\nb"\n\n李娜,x\n', 'utf8') });

    expect(sheet.header).toEqual(['name', 'notes']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['张伟', 'a\nb'] },
      { row: 4, cells: ['李娜', 'x'] },
    ]);
  });

  it('takes semicolons or tabs when they clearly separate the header', async () => {
    expect((await readSheet({ format: 'csv', bytes: Buffer.from('name;phone\nx;1\n') })).rows[0]?.cells).toEqual(['x', '1']);
    expect((await readSheet({ format: 'csv', bytes: Buffer.from('name\tphone\nx\t1\n') })).rows[0]?.cells).toEqual(['x', '1']);
  });

  it('refuses a file with no header as a field error of the body', async () => {
    await expect(readSheet({ format: 'csv', bytes: Buffer.from('\n\n') })).rejects.toMatchObject({ code: 'validation-failed' });
  });
});

describe('writing a CSV', () => {
  it('starts with a BOM, ends lines with CRLF, quotes what needs it and defuses formulas', () => {
    const bytes = csvOf(['name', 'phone'], [['Zoë "Z", M', '+86 138****5678'], ['=1+1', '']]);

    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('name,phone\r\n"Zoë ""Z"", M",\'+86 138****5678\r\n\'=1+1,\r\n');
  });
});
