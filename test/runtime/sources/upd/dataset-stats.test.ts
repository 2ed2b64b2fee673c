import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openUpdSource, updDatasetStats } from '../../../../runtime/sources/upd/upd-source.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';
import { blobFor, writeUpd } from '../../upd/support/write-upd.ts';

const dirs = tempDirs();

describe('updDatasetStats', () => {
  it('counts entries, annotations and medias per dataset, in id order', async () => {
    const path = join(await dirs.make(), 'stats.upd');
    const longName = `Cameras ${'x'.repeat(80)}`;
    await writeUpd(path, {
      datasets: [
        { id: 'b-video', name: 'Videos', modality: 'idah-video' },
        { id: 'a-image', name: longName, modality: 'idah-image' },
        { id: 'c-empty', name: 'Empty', modality: 'idah-image' },
      ],
      entries: [
        { record: { id: 'i1', dataset_id: 'a-image', resource: 'r1' }, mediaUrl: 'local:r1' },
        { record: { id: 'i2', dataset_id: 'a-image', resource: 'r1' }, mediaUrl: 'local:r1' },
        { record: { id: 'i3', dataset_id: 'a-image', resource: 'r3' }, mediaUrl: 'https://example.com/r3.jpg' },
        { record: { id: 'i4', dataset_id: 'a-image', resource: null }, mediaUrl: null },
        { record: { id: 'v1', dataset_id: 'b-video', resource: 'rv' }, mediaUrl: 'local:rv' },
      ],
      annotations: ['i1', 'i1', 'i2', 'v1'].map((entryId, index) => ({
        id: `a${index}`,
        entry_id: entryId,
        dimensions: { type: 'idah-image:polygon' },
        annotation: { category: 'car' },
      })),
      medias: [
        { record: { id: 'm1', resource: 'r1', key: '', filename: 'r1.jpg' }, blob: blobFor(1, 10) },
        { record: { id: 'm2', resource: 'r1', key: 'thumb', filename: 'r1-small.jpg' }, blob: blobFor(2, 5) },
        { record: { id: 'm3', resource: 'rv', key: '', filename: 'rv.mp4' }, blob: null },
      ],
    });

    const stats = await updDatasetStats(path);
    expect(stats).toEqual([
      // r1 (2 keys, shared by i1 and i2) + r3 known by its URL only.
      { id: 'a-image', name: longName, modality: 'idah-image', entries: 4, annotations: 3, medias: 3 },
      { id: 'b-video', name: 'Videos', modality: 'idah-video', entries: 1, annotations: 1, medias: 1 },
      { id: 'c-empty', name: 'Empty', modality: 'idah-image', entries: 0, annotations: 0, medias: 0 },
    ]);

    // The same counts the reads give.
    const source = await openUpdSource(path);
    const entries = [];
    for await (const batch of source.entryBatches('a-image', {}, { batchSize: 10 })) entries.push(...batch);
    expect([...(await source.mediasOf(entries, {})).values()].flat()).toHaveLength(3);
    expect([...(await source.annotationsOf(entries, {})).values()].flat()).toHaveLength(3);
    await source.close();
  });
});
