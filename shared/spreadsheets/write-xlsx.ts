/** A workbook of one sheet for people to open: header in bold, every cell a string (no number or date guessing, no formulas). */
export const xlsxOf = async (sheetName: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> => {
  // Loaded when a workbook is written, not when the function starts: the exports area's other
  // routes (a job's progress, a CSV) don't pay exceljs's initialisation.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
