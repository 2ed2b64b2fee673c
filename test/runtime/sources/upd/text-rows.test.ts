import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlParams } from '../../../../runtime/sources/upd/sql-params.ts';
import { queryTextRows } from '../../../../runtime/sources/upd/text-rows.ts';
import { UpdDatabase } from '../../../../runtime/sources/upd/upd-database.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';
import { writeUpd } from '../../upd/support/write-upd.ts';

const dirs = tempDirs();

describe('queryTextRows', () => {
  it('reads the same rows, in order, whether joined in one string, in many parts, or column by column', async () => {
    const path = join(await dirs.make(), 'rows.upd');
    const entries = Array.from({ length: 40 }, (_, index) => ({
      id: `e-${String(index).padStart(2, '0')}`,
      dataset_id: 'ds',
      name: index % 7 === 0 ? null : `name ${'🦆'.repeat(index)} "${index}"`,
      ...(index === 13 ? { note: 'line\nbreak\ttab' } : {}),
    }));
    await writeUpd(path, { datasets: [{ id: 'ds', name: 'D', modality: 'm' }], entries: entries.map((record) => ({ record })) });
    const database = await UpdDatabase.open(path);
    const read = (partBytes?: number) =>
      queryTextRows(
        database,
        { columns: ['id', 'media_url', 'metadata'], from: "FROM entries WHERE dataset_id = 'ds'", orderBy: 'id', partBytes },
        new SqlParams(),
      );
    const plain = await database.query("SELECT id, media_url, metadata FROM entries WHERE dataset_id = 'ds' ORDER BY id");
    const expected = plain[0]!.map((_, row) => plain.map((column) => column[row] ?? ''));

    expect(await read()).toEqual(expected);
    expect(await read(200)).toEqual(expected);
    expect(await read(1)).toEqual(expected);
    expect(expected).toHaveLength(40);
    expect(expected[0]![1]).toBe('');
    await database.close();
  });
});
