/**
 * The quote of the scratch CSV files: U+0001, which data almost never holds, so a value is
 * wrapped as it is. With `"` every JSON value would need its quotes doubled (a copy of each
 * value: 2.5x the time of the whole line). A value holding U+0001 gets it doubled.
 */
export const CSV_QUOTE = '\u0001';
const DOUBLED_QUOTE = CSV_QUOTE + CSV_QUOTE;

/** The read_csv options reading csvLine's lines back exactly (NULL is an empty unquoted field). */
export const CSV_READ_OPTIONS = `header = false, auto_detect = false, delim = ',', quote = '${CSV_QUOTE}', escape = '${CSV_QUOTE}', allow_quoted_nulls = false, strict_mode = true`;

/** Rows DuckDB's CSV reader would refuse or change go in by a parameterised insert instead. */
export const MAX_CSV_LINE_CHARACTERS = 512 * 1024;

/**
 * One CSV line: every value quoted with CSV_QUOTE (doubled inside); NULL an empty unquoted
 * field. Null when the row cannot go through CSV: a NUL in a value (read_csv would refuse it) or
 * a line longer than MAX_CSV_LINE_CHARACTERS (read_csv's line limit).
 *
 * `jsonColumns[i]` marks a column whose values are JSON.stringify's output, which never holds a
 * raw control character (it writes `\u0000`, `\u0001`...): neither NUL nor CSV_QUOTE is looked
 * for there, which is most of every line.
 */
export function csvLine(values: readonly (string | null)[], jsonColumns: readonly boolean[] = []): string | null {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (index > 0) line += ',';
    if (value === null || value === undefined) continue;
    if (jsonColumns[index] !== true) {
      if (value.includes('\0')) return null;
      if (value.includes(CSV_QUOTE)) {
        line += CSV_QUOTE + value.replaceAll(CSV_QUOTE, DOUBLED_QUOTE) + CSV_QUOTE;
        continue;
      }
    }
    line += CSV_QUOTE + value + CSV_QUOTE;
  }
  return line.length < MAX_CSV_LINE_CHARACTERS ? line + '\n' : null;
}
