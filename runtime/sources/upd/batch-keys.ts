import type { EntryRecord } from '../../records.ts';
import type { SqlParams } from './sql-params.ts';

/**
 * Compares strings as DuckDB orders VARCHARs (UTF-8 bytes, that is code points). JavaScript's `<`
 * compares UTF-16 units, which puts U+E000..U+FFFF after astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

/** Surrogates (astral characters) rank after every other UTF-16 unit. */
const codePointRank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);

/**
 * The condition selecting a batch's entries by id (`column` holds entry ids): the batch's id
 * range, which lets DuckDB skip row groups by their min/max when rows were written in id order
 * (a batch from `entryBatches` is an id range), plus a semi-join on the id list unless
 * `consecutive`: the range then holds few other entries, whose rows are cheaper to read and leave
 * unused than the semi-join (it cost DuckDB more than the rest of a batch's annotation read).
 */
export function entriesCondition(entries: readonly EntryRecord[], column: string, params: SqlParams, consecutive: boolean): string {
  let lowest = entries[0]?.id ?? '';
  let highest = lowest;
  for (const { id } of entries) {
    if (compareCodePoints(id, lowest) < 0) lowest = id;
    if (compareCodePoints(id, highest) > 0) highest = id;
  }
  const range = `${column} >= ${params.text(lowest)} AND ${column} <= ${params.text(highest)}`;
  if (consecutive) return range;
  return `${range} AND ${column} IN (SELECT unnest(${params.textList(entries.map((entry) => entry.id))}))`;
}
