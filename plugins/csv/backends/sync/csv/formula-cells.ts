/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets. Such a
 * cell gets a leading `'`, which spreadsheets show as text and hide; the CSV writer quotes it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(cell: unknown): unknown {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}
