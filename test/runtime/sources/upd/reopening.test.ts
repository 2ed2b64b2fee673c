import { rename, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdahPluginError } from '../../../../runtime/errors.ts';
import { JS_REGEX_TEST } from '../../../../runtime/sources/upd/js-predicates.ts';
import { SqlParams } from '../../../../runtime/sources/upd/sql-params.ts';
import { QUERIES_PER_OPENING, UpdDatabase } from '../../../../runtime/sources/upd/upd-database.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';
import { writeUpd } from '../../upd/support/write-upd.ts';

const dirs = tempDirs();

const entries = Array.from({ length: 30 }, (_, index) => ({
  record: { id: `e-${String(index).padStart(2, '0')}`, dataset_id: 'ds', name: index % 2 === 0 ? `even ${index}` : `odd ${index}` },
}));

async function fileWithEntries(name = 'reopen.upd'): Promise<string> {
  const path = join(await dirs.make(), name);
  await writeUpd(path, { datasets: [{ id: 'ds', name: 'D', modality: 'idah-image' }], entries });
  return path;
}

/** The names matching a JS regex, through the predicate registered on each opening's connection. */
function namesMatching(database: UpdDatabase, pattern: string): Promise<unknown[]> {
  const params = new SqlParams();
  return database
    .query(`SELECT id FROM entries WHERE ${JS_REGEX_TEST}(json_extract(metadata, '$."' || 'Name' || '"')::VARCHAR, ${params.text(pattern)}) ORDER BY id`, params)
    .then((columns) => columns[0] ?? []);
}

describe('UpdDatabase reopening the file between queries', () => {
  it('answers the same across many openings, queries overlapping or not, JS predicates included', async () => {
    const database = await UpdDatabase.open(await fileWithEntries());
    const evens = entries.filter((_, index) => index % 2 === 0).map(({ record }) => record.id);
    const first = await namesMatching(database, '^EVEN');
    expect(first).toEqual(evens);
    for (let round = 0; round < QUERIES_PER_OPENING * 2 + 5; round += 1) {
      const params = new SqlParams();
      const [ids = []] = await database.query(`SELECT id FROM entries WHERE id >= ${params.text(`e-${String(round % 30).padStart(2, '0')}`)} ORDER BY id`, params);
      expect(ids).toHaveLength(30 - (round % 30));
    }
    const overlapping = await Promise.all(Array.from({ length: QUERIES_PER_OPENING * 3 }, () => namesMatching(database, 'even')));
    for (const ids of overlapping) expect(ids).toEqual(evens);
    await database.close();
  });

  it('refuses to go on with a file changed or replaced since it was opened, and closes cleanly after', async () => {
    for (const change of ['touched', 'replaced'] as const) {
      const path = await fileWithEntries();
      const database = await UpdDatabase.open(path);
      await database.query('SELECT count(*) FROM entries');
      if (change === 'touched') await utimes(path, new Date(2001, 0, 1), new Date(2001, 0, 1));
      else await rename(await fileWithEntries('other.upd'), path);
      // The queries left on this opening are answered; the next reopens, finds the change and fails.
      const reads = Array.from({ length: QUERIES_PER_OPENING }, () => database.query('SELECT count(*) FROM entries').then(() => 'read', (error: unknown) => error));
      const outcomes = await Promise.all(reads);
      expect(outcomes.slice(0, -1).every((outcome) => outcome === 'read')).toBe(true);
      const failure = outcomes.at(-1);
      expect(failure).toBeInstanceOf(IdahPluginError);
      expect((failure as IdahPluginError).code).toBe('SOURCE_READ_FAILED');
      expect((failure as IdahPluginError).message).toMatch(/was replaced or changed while it was being read/);
      await expect(database.query('SELECT 1')).rejects.toThrow(/the source is closed/);
      await database.close();
    }
  });
});
