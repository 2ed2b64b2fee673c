import { readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_LOADS } from '../../../runtime/upd/writer/row-segments.ts';
import { UpdWriter } from '../../../runtime/upd/writer/upd-writer.ts';
import { rowsOf } from './support/rows-of.ts';
import { tempDirs } from './support/temp-dir.ts';

const dirs = tempDirs();
const dataset = { id: 'ds', name: 'Dataset', modality: 'idah-image' };
// A segment holds about 48 M characters: 3,000-character rows fill one every ~16,000 entries.
const NOTE = 'n'.repeat(3000);

/** A new writer, its dataset added, in a folder of its own (removed after the test). */
async function openWriter(name: string): Promise<{ folder: string; path: string; writer: UpdWriter }> {
  const folder = await dirs.make();
  const path = join(folder, name);
  const writer = await UpdWriter.create(path, { builtBy: 'tests' });
  writer.addDataset(dataset);
  return { folder, path, writer };
}

/**
 * Adds entries, each followed by its annotation, in a loop that never yields, until `loads` loads
 * have passed their entries (their ready markers are there: they are removed only once the event
 * loop turns) and at least `minEntries` entries are in.
 */
function addUntilLoadsStarted(writer: UpdWriter, folder: string, loads: number, annotationId: (index: number) => string, minEntries = 0): number {
  const started = () => readdirSync(folder).filter((file) => file.endsWith('-ready.csv')).length;
  let count = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (let step = 0; step < 500; step += 1, count += 1) {
      writer.addEntry({ id: `e${count}`, dataset_id: 'ds' }, { mediaUrl: null });
      writer.addAnnotation({ id: annotationId(count), entry_id: `e${count}`, dimensions: { type: 'idah-image:point', points: [[0, 0]] }, annotation: { category: 'c', note: NOTE } });
    }
    if (count >= minEntries && started() >= loads) return count;
  }
  throw new Error(`${loads} loads did not start within 60 s`);
}

describe('UpdWriter segments', () => {
  it(`loads up to ${PARALLEL_LOADS} segments side by side and keeps every row, each annotation naming an entry of its own segment or one before`, async () => {
    const { folder, path, writer } = await openWriter('out.upd');
    const count = addUntilLoadsStarted(writer, folder, 3, (index) => `a${index}`);
    await writer.close();
    expect(await readdir(folder)).toEqual(['out.upd']);
    expect(await rowsOf(path, 'SELECT count(*), count(DISTINCT entry_id), min(length(properties)) FROM annotations')).toEqual([
      [BigInt(count), BigInt(count), BigInt(JSON.stringify({ note: NOTE }).length)],
    ]);
    expect(await rowsOf(path, 'SELECT count(*) FROM entries')).toEqual([[BigInt(count)]]);
  }, 120_000);

  it('an annotation id added in two segments fails close, naming the id, and leaves nothing behind', async () => {
    const { folder, writer } = await openWriter('out.upd');
    // The first row of the file and a row well into the third segment share an id.
    addUntilLoadsStarted(writer, folder, 3, (index) => (index === 0 || index === 40_000 ? 'twice' : `a${index}`), 40_001);
    await expect(writer.close()).rejects.toThrow(/twice/);
    expect(await readdir(folder)).toEqual([]);
  }, 120_000);

  it('an entry too long for CSV is in before the annotations of the same segment that name it', async () => {
    const { folder, path, writer } = await openWriter('long.upd');
    const longName = 'x'.repeat(600_000);
    writer.addEntry({ id: 'e-long', dataset_id: 'ds', name: longName }, { mediaUrl: null });
    writer.addAnnotation({ id: 'a1', entry_id: 'e-long', dimensions: { type: 'idah-image:point', points: [[0, 0]] }, annotation: { category: 'c' } });
    await writer.close();
    expect(await rowsOf(path, `SELECT e.id, length(e.metadata), a.id FROM entries e JOIN annotations a ON a.entry_id = e.id`)).toEqual([
      ['e-long', BigInt(JSON.stringify({ Name: longName }).length), 'a1'],
    ]);
    expect(await readdir(folder)).toEqual(['long.upd']);
  });
});
