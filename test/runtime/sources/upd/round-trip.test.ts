import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { EntryRecord, MediaRecord } from '../../../../runtime/records.ts';
import { compareCodePoints } from '../../../../runtime/sources/upd/batch-keys.ts';
import { openUpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { afterRoundTrip, expectSameRecord } from '../../upd/support/random-records.ts';
import { sha256, tempDirs } from '../../upd/support/temp-dir.ts';
import { randomContent, writeUpd } from '../../upd/support/write-upd.ts';

const dirs = tempDirs();
const byId = <T extends { id: string }>(a: T, b: T) => compareCodePoints(a.id, b.id);

describe('writer -> UPD file -> openUpdSource gives the same records back', () => {
  it.each([1, 2, 3, 4, 5])('random content (seed %i)', async (seed) => {
    const content = randomContent(seed);
    const path = join(await dirs.make(), 'round-trip.upd');
    await writeUpd(path, content);
    const source = await openUpdSource(path);
    try {
      expectSameRecord(await source.listDatasets(), [...content.datasets].sort(byId));

      for (const dataset of content.datasets) {
        const expectedEntries = content.entries.map(({ record }) => record).filter((entry) => entry.dataset_id === dataset.id).sort(byId);
        const entries: EntryRecord[] = [];
        for await (const batch of source.entryBatches(dataset.id, {}, { batchSize: 7 })) {
          entries.push(...batch);

          const annotations = await source.annotationsOf(batch, {});
          for (const entry of batch) {
            const expected = content.annotations.filter((a) => a.entry_id === entry.id).sort(byId).map(afterRoundTrip);
            expectSameRecord(annotations.get(entry.id), expected);
          }

          const medias = await source.mediasOf(batch, {});
          for (const entry of batch.filter((e) => typeof e.resource === 'string')) {
            const stored = content.medias.filter((m) => m.record.resource === entry.resource);
            expectSameRecord(medias.get(entry.resource as string), stored.map((m) => m.record).sort(byId));
            for (const media of medias.get(entry.resource as string) ?? []) {
              const original = stored.find((m) => m.record.id === media.id)!;
              expect(sha256(await buffer(await source.openMedia(media)))).toBe(sha256(original.blob as Buffer));
            }
          }
        }
        expectSameRecord(entries, expectedEntries);
        expect(await source.countEntries(dataset.id, {})).toBe(expectedEntries.length);
      }
    } finally {
      await source.close();
    }
  });

  it('returns datasets asked by id in the order asked, leaving out unknown ids', async () => {
    const content = randomContent(9, { datasets: 3, entries: 0, annotations: 0 });
    const path = join(await dirs.make(), 'datasets.upd');
    await writeUpd(path, content);
    const source = await openUpdSource(path);
    const [a, , c] = content.datasets.map((d) => d.id) as [string, string, string];
    const found = await source.getDatasets([c, 'missing', a]);
    expect(found.map((d) => d.id)).toEqual([c, a]);
    expectSameRecord(found[1], content.datasets[0]);
    expect(await source.getDatasets([])).toEqual([]);
    await source.close();
  });

  it('opens a media again from a copy of its record (not the object it handed out)', async () => {
    const content = randomContent(11, { datasets: 1, entries: 20, annotations: 0 });
    const path = join(await dirs.make(), 'copy.upd');
    await writeUpd(path, content);
    const source = await openUpdSource(path);
    const stored = content.medias[0]!;
    const copy: MediaRecord = structuredClone(stored.record);
    expect(sha256(await buffer(await source.openMedia(copy)))).toBe(sha256(stored.blob as Buffer));
    await source.close();
  });
});
