import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../../../runtime/records.ts';
import { invalidityOf } from '../../../../runtime/sources/invalid-record.ts';
import { openUpdSource, type UpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { imageBox, imagePolygon } from '../../../../runtime/testing/shapes.ts';
import { rowToAnnotation } from '../../../../runtime/upd/mapping.ts';
import { sqlText, tamperUpd } from '../../../support/tamper-upd.ts';
import { writeUpdFile } from '../../../support/upd-file.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDirs } from '../../upd/support/temp-dir.ts';

/** A polygon of many points: far more brackets than the depth limit, yet only three levels deep. */
const manyPoints = Array.from({ length: 300 }, (_, index) => [index / 1000, (index % 7) / 10] as [number, number]);

/** Each row read and mapped alone (the reference the per-entry read must equal), as JSON text, or the details of its error. */
async function rowByRow(path: string): Promise<Map<string, unknown>> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = (await connection.runAndReadAll('SELECT id, entry_id, shape_type, shape_args, category, properties, metadata FROM annotations')).getRows();
    const read = new Map<string, unknown>();
    for (const [id, entry_id, shape_type, shape_args, category, properties, metadata] of rows) {
      try {
        read.set(id as string, JSON.stringify(rowToAnnotation({ id, entry_id, shape_type, shape_args, category, properties, metadata } as Parameters<typeof rowToAnnotation>[0])));
      } catch (error) {
        read.set(id as string, (error as { details?: unknown }).details);
      }
    }
    return read;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('annotations read as one JSON text per entry', () => {
  const dirs = tempDirs({ per: 'suite' });
  let path: string;
  let source: UpdSource;
  let entries: EntryRecord[];

  beforeAll(async () => {
    path = await writeUpdFile(await dirs.make(), 'packed.upd', [
      {
        id: 'd',
        name: 'D',
        entries: [
          {
            id: 'e1',
            annotations: [
              { id: 'a1', dimensions: imageBox(0.1, 0.1, 0.5, 0.5), annotation: { category: 'car', color: 'red' }, metadata: { source: 'model' } },
              { id: 'a2', dimensions: imagePolygon(manyPoints), annotation: { category: 'road' } },
              { id: 'a3', dimensions: imageBox(0.2, 0.2, 0.3, 0.3), annotation: { category: 'sign' } },
            ],
          },
          { id: 'e2', annotations: [{ id: 'b1', dimensions: imageBox(0, 0, 1, 1), annotation: { category: 'car' }, created_by_email: 'x@example.com' }] },
          { id: 'e3', annotations: [] },
        ],
      },
    ]);
    // Cells DuckDB's JSON reader accepts and JSON.parse refuses, beside good ones; a cell with
    // characters needing escapes; a non-object shape_args (other tools' `[x1, y1, x2, y2]`).
    await tamperUpd(path, [
      "UPDATE annotations SET properties = '{\"color\": \"red\",}' WHERE id = 'a1'",
      "UPDATE annotations SET metadata = '{\"score\": NaN}' WHERE id = 'a3'",
      `UPDATE annotations SET properties = ${sqlText('{"note": "tab\\t, quote \\" and \\u2028 and 🦆"}')} WHERE id = 'b1'`,
      "UPDATE annotations SET shape_args = '[0.1, 0.2, 0.3, 0.4]' WHERE id = 'a3'",
      // Stored after the others, read first: lists are in id order whatever the table order.
      "INSERT INTO annotations VALUES ('a0', 'e1', 'idah-image:polygon', '[0.1, 0.2, 0.3, 0.4]', 'car', '{}', '{}')",
    ]);
    source = await openUpdSource(path);
    entries = [];
    for await (const batch of source.entryBatches('d', {}, { batchSize: 10 })) entries.push(...batch);
  });
  afterAll(() => source.close());

  it('gives the records reading each row alone gives (keys in the same order), bad cells as stand-ins, in entry and id order', async () => {
    const expected = await rowByRow(path);
    const byEntry = await source.annotationsOf(entries, {});
    expect([...byEntry.keys()]).toEqual(['e1', 'e2', 'e3']);
    expect(byEntry.get('e3')).toEqual([]);
    const read = [...byEntry.values()].flat();
    expect(read.map((record) => record.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'b1']);
    expect(read[0]!.dimensions).toEqual({ type: 'idah-image:polygon', args: [0.1, 0.2, 0.3, 0.4] });
    for (const record of read) expect(invalidityOf(record)?.details ?? JSON.stringify(record)).toEqual(expected.get(record.id));
    expect(read.filter((record) => invalidityOf(record)).map((record) => record.id)).toEqual(['a1', 'a3']);
    expect(read[2]!.dimensions).toEqual({ type: 'idah-image:polygon', points: manyPoints });
    expect(read[4]!.annotation).toEqual({ category: 'car', note: 'tab\t, quote " and \u2028 and 🦆' });
    expect(read[4]!.created_by_email).toBe('x@example.com');
  });

  it('builds an entry\'s list when asked: the same list while it is among the last four asked for, an equal one built again after', async () => {
    const lists = await source.annotationLists(entries, {});
    const first = await lists.get('e2');
    expect(first!.map((record) => record.id)).toEqual(['b1']);
    expect(await lists.get('e2')).toBe(first);
    expect(await lists.get('e3')).toEqual([]);
    expect(await lists.get('e2')).toBe(first);
    for (const other of ['e3', 'other-1', 'other-2', 'other-3']) expect(await lists.get(other)).toEqual([]);
    const again = await lists.get('e2');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    // e1 holds cells JSON.parse refuses: read row by row once, that list kept, its bad records marked.
    const reread = await lists.get('e1');
    expect(reread!.filter((record) => invalidityOf(record)).map((record) => record.id)).toEqual(['a1', 'a3']);
    await lists.get('e2');
    expect(await lists.get('e1')).toBe(reread);
    expect(await lists.get('not-in-batch')).toEqual([]);
  });

  it('pushes filters down the same way', async () => {
    const byEntry = await source.annotationsOf(entries, { category: 'road' });
    expect([...byEntry.values()].flat().map((record) => record.id)).toEqual(['a2']);
  });
});
