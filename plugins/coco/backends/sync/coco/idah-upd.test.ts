import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IDAH_SAMPLE_MASK_PIXELS, idahSampleDatasets, openUpdSource, readZipEntry, runExportJob, writeIdahUpd } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';

const folder = mkdtempSync(join(tmpdir(), 'coco-idah-upd-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Exports a UPD file written the way IDAH writes it (the `annotation` column, media without sizes). */
async function exportIdahUpd(options: Record<string, unknown> = {}) {
  const path = join(folder, `idah-${Math.random().toString(36).slice(2)}.upd`);
  await writeIdahUpd(path, idahSampleDatasets());
  const source = await openUpdSource(path);
  try {
    const job = await runExportJob({ exporter: { id: 'Coco::CocoExport', exporterClass: CocoExport }, source, datasetIds: 'all', options, outDir: mkdtempSync(join(folder, 'out-')) });
    expect(job.error ?? undefined).toBeUndefined();
    return { job, instances: JSON.parse((await readZipEntry(job.output!.path, 'annotations/instances_default.json')).toString()) };
  } finally {
    await source.close();
  }
}

describe('coco: a UPD file as IDAH writes it', () => {
  it('accounts for every shape: 7 objects, the entry:root as the image tag, the line reported', async () => {
    const { job, instances } = await exportIdahUpd();
    expect(instances.images.map((image: { file_name: string; width: number; height: number }) => [image.file_name, image.width, image.height])).toEqual([
      ['4c2052a1475842e9.png', 300, 200],
      ['8f14e45fceea167a.jpg', 200, 300],
    ]);
    expect(instances.images[0].tags).toEqual([{ category: 'weather/Sunny', attributes: { 'Time of day': 'noon' } }]);
    expect(instances.annotations).toHaveLength(7);
    expect(job.skipped).toEqual([expect.objectContaining({ annotation_id: 'ann-04-line' })]);
    const mask = instances.annotations.find((annotation: { iscrowd: number }) => annotation.iscrowd === 1);
    expect(mask.area).toBe(IDAH_SAMPLE_MASK_PIXELS);
    expect(instances.annotations[0].attributes).toEqual({ Occluded: false, Colour: 'Red' });
    // The box past the left and bottom edges of the 200 x 300 image, clipped: x 0..80, y 240..300.
    expect(instances.annotations.at(-1)).toMatchObject({ image_id: 2, bbox: [0, 240, 80, 60], area: 4800 });
    expect(new Set(instances.categories.map((category: { name: string }) => category.name)).size).toBe(instances.categories.length);
  });
});
