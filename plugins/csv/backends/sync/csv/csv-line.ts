import { stringify } from 'csv-stringify/sync';

const patterns = new Map<string, RegExp>();

/** Cells that csv-stringify quotes with its defaults: holding a quote, the delimiter, CR or LF. */
function needsQuotes(delimiter: string): RegExp {
  let pattern = patterns.get(delimiter);
  if (!pattern) {
    pattern = new RegExp(`["\\n\\r${delimiter === '\t' ? '\\t' : delimiter}]`);
    patterns.set(delimiter, pattern);
  }
  return pattern;
}

/** Writes string cells for one delimiter as `csvLine` does: quoted (quotes doubled) when holding a quote, the delimiter, CR or LF. */
export function stringCells(delimiter: string): (cell: string) => string {
  const quoted = needsQuotes(delimiter);
  return (cell) => (quoted.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
}

/**
 * One CSV record with its newline, the bytes csv-stringify writes with its defaults (quote `"`,
 * doubled inside, record delimiter `\n`) for a single-character delimiter. String cells are
 * joined here, far cheaper than csv-stringify's per-field options; a row with any other value
 * (a number, null...) is handed to csv-stringify itself, whose casts decide.
 */
export function csvLine(cells: readonly unknown[], delimiter: string): string {
  const text = stringCells(delimiter);
  let line = '';
  for (let index = 0; index < cells.length; index += 1) {
    const cell = cells[index];
    if (typeof cell !== 'string') return stringify([cells], { delimiter });
    if (index > 0) line += delimiter;
    line += text(cell);
  }
  return `${line}\n`;
}
