import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLine, MAX_CSV_LINE_CHARACTERS } from '../../../runtime/upd/writer/csv-line.ts';
import { UpdWriter } from '../../../runtime/upd/writer/upd-writer.ts';
import { rowsOf } from './support/rows-of.ts';
import { tempDirs } from './support/temp-dir.ts';

const dirs = tempDirs();

describe('UpdWriter rows (CSV segments loaded by DuckDB)', () => {
  it('keeps every character: quotes, commas, line breaks, empty strings, non-ASCII, NUL and rows too long for CSV', async () => {
    const folder = await dirs.make();
    const path = join(folder, 'rows.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    writer.addDataset({ id: 'ds', name: 'Dataset', modality: 'idah-image' });
    const odd = 'a "quoted", comma\nnew line\r\n and ünïcödé 🦆 and the CSV quote \u0001 itself';
    writer.addEntry({ id: 'e,1"', dataset_id: 'ds', name: odd }, { mediaUrl: 'local:"r"' });
    writer.addEntry({ id: 'e\u00002', dataset_id: 'ds' }, { mediaUrl: null });
    const longPolygon = Array.from({ length: 40_000 }, (_, index) => [index / 40_000, 0.123456789]);
    writer.addAnnotation({ id: 'a1', entry_id: 'e,1"', dimensions: { type: 'idah-image:polygon', points: longPolygon }, annotation: { category: odd } });
    writer.addAnnotation({ id: 'a2', entry_id: 'e\u00002', dimensions: { type: 'idah-image:polygon', points: [[0, 0]] }, annotation: { category: '', note: '' } });
    // JSON columns are not searched for NUL or the quote: JSON.stringify escapes them.
    const controls = { category: 'c', note: '\u0000, \u0001 and \u0001\u0001' };
    writer.addAnnotation({ id: 'a3', entry_id: 'e,1"', dimensions: { type: 'idah-image:point', points: [[0.5, 0.5]] }, annotation: controls });
    await writer.close();
    expect(await readdir(folder)).toEqual(['rows.upd']); // no CSV left

    const entries = await rowsOf(path, 'SELECT id, media_url, metadata FROM entries ORDER BY id');
    expect(entries).toEqual([
      ['e\u00002', '', expect.any(String)],
      ['e,1"', 'local:"r"', JSON.stringify({ Name: odd })],
    ]);
    const annotations = await rowsOf(path, 'SELECT id, entry_id, category, properties, shape_args FROM annotations ORDER BY id');
    expect(annotations[0]).toEqual(['a1', 'e,1"', odd, '{}', JSON.stringify({ points: longPolygon })]);
    expect(annotations[1]).toEqual(['a2', 'e\u00002', '', JSON.stringify({ category: '', note: '' }), JSON.stringify({ points: [[0, 0]] })]);
    expect(annotations[2]).toEqual(['a3', 'e,1"', 'c', JSON.stringify({ note: controls.note }), JSON.stringify({ points: [[0.5, 0.5]] })]);
  });

  it('csvLine quotes every value with U+0001 and doubles it inside; NULL is an empty unquoted field; null for what CSV cannot carry', () => {
    expect(csvLine(['a', 'b"c', null, '', 'd\u0001e'])).toBe('\u0001a\u0001,\u0001b"c\u0001,,\u0001\u0001,\u0001d\u0001\u0001e\u0001\n');
    expect(csvLine(['x'.repeat(MAX_CSV_LINE_CHARACTERS - 3)])).toBe(`\u0001${'x'.repeat(MAX_CSV_LINE_CHARACTERS - 3)}\u0001\n`);
    expect(csvLine(['x'.repeat(MAX_CSV_LINE_CHARACTERS - 2)])).toBeNull();
    expect(csvLine(['a\u0000b'])).toBeNull();
    expect(csvLine(['plain', '{"a":1}'], [false, true])).toBe('\u0001plain\u0001,\u0001{"a":1}\u0001\n');
    // A JSON column is taken as JSON.stringify wrote it: its value goes in unsearched.
    expect(csvLine(['a\u0000b', JSON.stringify('\u0000\u0001')], [false, true])).toBeNull();
    expect(csvLine(['ab', JSON.stringify('\u0000\u0001')], [false, true])).toBe('\u0001ab\u0001,\u0001"\\u0000\\u0001"\u0001\n');
  });
});
