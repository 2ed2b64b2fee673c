import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationRecord, DatasetRecord, EntryRecord } from '../../../../runtime/records.ts';
import { compareCodePoints } from '../../../../runtime/sources/upd/batch-keys.ts';
import { openUpdSource, type UpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { Random } from '../../upd/support/random-records.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';
import { writeUpd } from '../../upd/support/write-upd.ts';

const datasets: DatasetRecord[] = [
  { id: 'ds-a', name: 'A', modality: 'idah-image' },
  { id: 'ds-b', name: 'B', modality: 'idah-image' },
];
/** Ids whose code point order differs from JavaScript's UTF-16 order, written shuffled. */
const idsOfA = Array.from({ length: 53 }, (_, index) =>
  ['e-', 'e-\ue000-', 'e-🦆-', 'E-'][index % 4]! + String(index).padStart(3, '0'),
);
const entries: EntryRecord[] = [
  ...idsOfA.map((id, index) => ({ id, dataset_id: 'ds-a', status: index % 3 === 0 ? 'completed' : 'new' })),
  ...Array.from({ length: 4 }, (_, index) => ({ id: `b-${index}`, dataset_id: 'ds-b' })),
];
const annotations: AnnotationRecord[] = entries.flatMap((entry, index) =>
  Array.from({ length: index % 3 }, (_, n) => ({
    id: `${entry.id}/ann-${n}`,
    entry_id: entry.id,
    dimensions: { type: 'idah-image:polygon', points: [[n, index]] },
    annotation: { category: 'road' },
    metadata: {},
  })),
);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = new Random(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.int(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const sortedIds = (records: ReadonlyArray<{ id: string }>) => records.map((r) => r.id).sort(compareCodePoints);

describe('entryBatches and the per-batch reads', () => {
  const dirs = tempDirs({ per: 'suite' });
  let source: UpdSource;

  beforeAll(async () => {
    const path = join(await dirs.make(), 'batching.upd');
    await writeUpd(path, {
      datasets,
      entries: shuffled(entries, 7).map((record) => ({ record })),
      annotations: shuffled(annotations, 8),
    });
    source = await openUpdSource(path);
  });
  afterAll(() => source.close());

  async function collect(datasetId: string, batchSize: number, limit?: number, filter = {}) {
    const batches: EntryRecord[][] = [];
    for await (const batch of source.entryBatches(datasetId, filter, { batchSize, limit })) batches.push(batch);
    return batches;
  }

  it('returns every entry of the dataset once, in id order (code points), in batches of the size asked', async () => {
    const batches = await collect('ds-a', 5);
    expect(batches.map((batch) => batch.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3]);
    const ids = batches.flat().map((entry) => entry.id);
    expect(ids).toEqual([...idsOfA].sort(compareCodePoints));
    expect(new Set(ids).size).toBe(53);
  });

  it('stops at the limit, across batches', async () => {
    expect((await collect('ds-a', 5, 12)).map((batch) => batch.length)).toEqual([5, 5, 2]);
    expect(await collect('ds-a', 5, 0)).toEqual([]);
    expect((await collect('ds-a', 100, 53)).map((batch) => batch.length)).toEqual([53]);
  });

  it('pages a filtered dataset, and returns nothing for an unknown one', async () => {
    const completed = (await collect('ds-a', 4, undefined, { status: 'completed' })).flat();
    expect(completed.map((e) => e.id)).toEqual(
      entries.filter((e) => e.dataset_id === 'ds-a' && e.status === 'completed').map((e) => e.id).sort(compareCodePoints),
    );
    expect(await collect('no-such-dataset', 5)).toEqual([]);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(collect('ds-a', 0)).rejects.toThrow(/expected a positive integer batchSize, got 0/);
  });

  it('reads the annotations of a whole batch, keyed by entry, each list by id, empty lists included', async () => {
    const [, second] = await collect('ds-a', 10);
    const byEntry = await source.annotationsOf(second!, {});
    expect([...byEntry.keys()]).toEqual(second!.map((entry) => entry.id));
    for (const entry of second!) {
      const expected = annotations.filter((a) => a.entry_id === entry.id);
      expect(sortedIds(byEntry.get(entry.id)!)).toEqual(sortedIds(expected));
      expect(byEntry.get(entry.id)!.map((a) => a.id)).toEqual(sortedIds(expected));
    }
    expect([...byEntry.values()].flat().length).toBeGreaterThan(0);
    expect(await source.annotationsOf([], {})).toEqual(new Map());
  });

  it('serves overlapping reads (two datasets and their annotations at once)', async () => {
    const readAll = async (datasetId: string) => {
      const found: string[] = [];
      for await (const batch of source.entryBatches(datasetId, {}, { batchSize: 3 })) {
        const byEntry = await source.annotationsOf(batch, {});
        found.push(...[...byEntry.values()].flat().map((a) => a.id));
      }
      return found;
    };
    const [a, b] = await Promise.all([readAll('ds-a'), readAll('ds-b')]);
    expect(a.length + b.length).toBe(annotations.length);
  });
});

describe('values holding the control characters rows are joined with', () => {
  const dirs = tempDirs();

  it('are read exactly (the read falls back to column by column)', async () => {
    const path = join(await dirs.make(), 'separators.upd');
    const odd: EntryRecord[] = ['e\u001e1', 'e\u001f2', 'e3'].map((id) => ({ id, dataset_id: 'ds-a', name: `n\u001e${id}` }));
    const oddAnnotations: AnnotationRecord[] = odd.map((entry, index) => ({
      id: `a${index}\u001f`,
      entry_id: entry.id,
      dimensions: { type: 'idah-image:line\u001e' },
      annotation: { category: 'cat\u001fegory', note: 'x\u001e' },
      metadata: {},
    }));
    await writeUpd(path, { datasets: [datasets[0]!], entries: odd.map((record) => ({ record })), annotations: oddAnnotations });
    const source = await openUpdSource(path);
    const read: EntryRecord[] = [];
    for await (const batch of source.entryBatches('ds-a', {}, { batchSize: 2 })) read.push(...batch);
    expect(read).toEqual([...odd].sort((a, b) => compareCodePoints(a.id, b.id)));
    const byEntry = await source.annotationsOf(read, {});
    expect([...byEntry.values()].flat().sort((a, b) => compareCodePoints(a.id, b.id))).toEqual(oddAnnotations);
    await source.close();
  });
});

describe('batches of a file of one dataset, read by their id range', () => {
  const dirs = tempDirs({ per: 'suite' });
  let source: UpdSource;
  const onlyA = entries.filter((entry) => entry.dataset_id === 'ds-a');

  beforeAll(async () => {
    const path = join(await dirs.make(), 'one-dataset.upd');
    await writeUpd(path, {
      datasets: [datasets[0]!],
      entries: shuffled(onlyA, 3).map((record) => ({ record })),
      annotations: shuffled(annotations.filter((a) => onlyA.some((entry) => entry.id === a.entry_id)), 4),
    });
    source = await openUpdSource(path);
  });
  afterAll(() => source.close());

  it('reads the same annotations, in id order, for the batch handed out, a part of it, and copies of its records', async () => {
    for await (const batch of source.entryBatches('ds-a', {}, { batchSize: 7 })) {
      const part = batch.filter((_, index) => index % 2 === 0);
      for (const asked of [batch, part, batch.map((entry) => ({ ...entry }))]) {
        const byEntry = await source.annotationsOf(asked, {});
        expect([...byEntry.keys()]).toEqual(asked.map((entry) => entry.id));
        for (const entry of asked) {
          expect(byEntry.get(entry.id)!.map((a) => a.id)).toEqual(sortedIds(annotations.filter((a) => a.entry_id === entry.id)));
        }
      }
    }
  });
});
