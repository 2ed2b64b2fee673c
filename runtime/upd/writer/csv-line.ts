/**
 * One CSV line (RFC 4180: every value quoted, quotes doubled; NULL an empty unquoted field),
 * as DuckDB's read_csv reads it back with `quote='"', escape='"', allow_quoted_nulls=false`.
 */
export function csvLine(values: readonly (string | null)[]): string {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (index > 0) line += ',';
    if (value === null || value === undefined) continue;
    line += value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
  }
  return `${line}\n`;
}

/** Rows DuckDB's CSV reader would refuse or change go in by a parameterised insert instead. */
export const MAX_CSV_LINE_CHARACTERS = 512 * 1024;

/** Whether a line can go through the CSV file: not too long (read_csv's line limit) and without NUL. */
export function fitsCsv(line: string): boolean {
  return line.length <= MAX_CSV_LINE_CHARACTERS && !line.includes('\0');
}
