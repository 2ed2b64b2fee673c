import { describe, expect, it } from 'vitest';
import { recordsFromFixtures } from '../../../runtime/sources/memory/fixtures.ts';
import type { EntryRecord } from '../../../runtime/records.ts';
import { MemorySource } from '../../../runtime/sources/memory/memory-source.ts';

const source = new MemorySource(
  recordsFromFixtures([
    {
      name: 'streets',
      entries: Array.from({ length: 25 }, (_, index) => ({
        name: `frame-${index}`,
        status: index % 5 === 0 ? 'review' : 'completed',
        annotations: [
          { dimensions: { type: 'idah-image:bounding-box', points: [[0, 0], [1, 0], [1, 1], [0, 1]], angle: 0 }, annotation: { category: 'car', attributes: {} } },
          { dimensions: { type: 'idah-image:polygon', points: [[0, 0], [1, 0], [0, 1]] }, annotation: { category: 'road', attributes: {} } },
        ],
        medias: [
          { filename: `frame-${index}.png`, data: `png ${index}` },
          { key: 'thumbnail', filename: `frame-${index}-thumb.jpg`, data: 'thumb' },
        ],
      })),
    },
    { id: 'empty', modality: 'idah-video' },
  ]),
);

describe('MemorySource', () => {
  it('generates ids in fixture order, timestamps and defaults', async () => {
    const [streets, empty] = await source.listDatasets();
    expect(streets).toMatchObject({ id: 'dataset-001', name: 'streets', modality: 'idah-image', entries_count: 25 });
    expect(empty).toMatchObject({ id: 'empty', name: 'empty', modality: 'idah-video' });
    expect(await source.getDatasets(['empty', 'nope', 'dataset-001'])).toHaveLength(2);
  });

  it('streams entries in batches, in id order, with filters applied', async () => {
    const batches: string[][] = [];
    for await (const batch of source.entryBatches('dataset-001', {}, { batchSize: 10 })) {
      batches.push(batch.map((entry) => entry.name ?? ''));
    }
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches.flat()[0]).toBe('frame-0');
    expect(batches.flat()[24]).toBe('frame-24');
    expect(await source.countEntries('dataset-001', { status: 'review' })).toBe(5);
    const limited: number[] = [];
    for await (const batch of source.entryBatches('dataset-001', { status: 'completed' }, { batchSize: 3, limit: 7 })) {
      limited.push(batch.length);
    }
    expect(limited).toEqual([3, 3, 1]);
  });

  it('reads annotations and medias for a whole batch, filtered', async () => {
    let entries: EntryRecord[] = [];
    for await (const batch of source.entryBatches('dataset-001', {}, { batchSize: 4 })) {
      entries = batch;
      break;
    }
    const annotations = await source.annotationsOf(entries, { type: 'polygon' });
    expect([...annotations.values()].map((list) => list.length)).toEqual([1, 1, 1, 1]);
    const medias = await source.mediasOf(entries, { key: '' });
    const first = medias.get(entries[0]?.resource ?? '') ?? [];
    expect(first.map((media) => media.filename)).toEqual(['frame-0.png']);
    const stream = await source.openMedia(first[0] as never);
    expect(Buffer.concat(await stream.toArray()).toString()).toBe('png 0');
  });
});
