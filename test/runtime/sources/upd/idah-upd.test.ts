import { buffer } from 'node:stream/consumers';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryLabelsOf, parseImageAnnotation, toPixelShape } from '../../../../runtime/formats/shapes/index.ts';
import { imageSizeFromHeader } from '../../../../runtime/formats/image-size.ts';
import { openUpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { IDAH_SAMPLE_LABELING_CONFIGURATION, IDAH_SAMPLE_MASK_PIXELS, idahSampleDatasets } from '../../../../runtime/testing/idah-sample.ts';
import { IDAH_TIME, writeIdahUpd } from '../../../../runtime/testing/idah-upd.ts';
import { runExportJob } from '../../../../runtime/jobs/run-export-job.ts';
import { UpdExport } from '../../../../plugins/upd/backends/sync/upd/export.ts';
import { readSourceContents } from '../../../support/read-source.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';

const dirs = tempDirs();

async function idahFile(): Promise<string> {
  const path = join(await dirs.make(), 'idah.upd');
  await writeIdahUpd(path, idahSampleDatasets());
  return path;
}

describe('a UPD file written the way IDAH writes it (the `annotation` column, media without sizes)', () => {
  it('is read through the earlier schema: records as IDAH holds them', async () => {
    const source = await openUpdSource(await idahFile());
    try {
      expect(source.info).toEqual({ schemaVersion: '1.0', builtBy: 'updcli v1.0', flavor: 'None', authoredBy: undefined, annotationColumns: 'annotation' });
      const contents = await readSourceContents(source);
      expect(contents.datasets).toHaveLength(1);
      expect(contents.datasets[0]).toMatchObject({ name: 'Street scenes', modality: 'idah-image', labeling_configuration: IDAH_SAMPLE_LABELING_CONFIGURATION, entries_total_count: 2 });
      expect(contents.entries.map((entry) => [entry.id, entry.name, entry.resource, entry.status])).toEqual([
        ['entry-01', 'street-01.png', '4c2052a1475842e9.png', 'completed'],
        ['entry-02', 'street-02.jpg', '8f14e45fceea167a.jpg', 'completed'],
      ]);
      const written = idahSampleDatasets()[0]!.entries.flatMap((entry) => entry.annotations);
      expect(contents.annotations).toHaveLength(written.length);
      for (const annotation of written) {
        const read = contents.annotations.find((candidate) => candidate.id === annotation.id)!;
        expect(read.dimensions).toEqual(annotation.dimensions);
        expect(read.annotation).toEqual(annotation.annotation);
        expect(read.created_by_email).toBe('annotator@example.com');
        expect(read.created_at).toBe(IDAH_TIME);
      }
      expect(contents.annotations.find((a) => a.id === 'ann-01-box')!.metadata).toEqual({ Confidence: 0.92 });
      // updcli's default media metadata: no file name, no size; the name falls back to the resource.
      expect(contents.medias.map(({ sha256: _, ...media }) => media)).toEqual([
        { id: '4c2052a1475842e9.png', resource: '4c2052a1475842e9.png', key: '', filename: '4c2052a1475842e9.png', created_at: '2026-08-01 11:30:00+02:00', updated_at: null, mime_type: 'image/png' },
        { id: '8f14e45fceea167a.jpg', resource: '8f14e45fceea167a.jpg', key: '', filename: '8f14e45fceea167a.jpg', created_at: '2026-08-01 11:30:00+02:00', updated_at: null, mime_type: 'image/jpeg' },
      ]);
      const sizes = await Promise.all(contents.medias.map(async (media) => imageSizeFromHeader(await buffer(await source.openMedia(media)))));
      expect(sizes.map((size) => size && [size.width, size.height])).toEqual([[300, 200], [200, 300]]);
    } finally {
      await source.close();
    }
  });

  it('filters annotations by category inside the `annotation` column', async () => {
    const source = await openUpdSource(await idahFile());
    try {
      const [entry] = await source.entryBatches('019bba87-7810-7935-a8ae-d2a6bacebecb', {}, { batchSize: 10 }).next().then((batch) => batch.value!);
      const found = await source.annotationsOf([entry!], { category: 'vehicles/bus' });
      expect(found.get('entry-01')!.map((annotation) => annotation.id)).toEqual(['ann-02-rotated-box']);
    } finally {
      await source.close();
    }
  });

  it('holds every shape in the form the parser reads, each accounted for', async () => {
    const source = await openUpdSource(await idahFile());
    try {
      const contents = await readSourceContents(source);
      const labels = categoryLabelsOf(contents.datasets[0]!.labeling_configuration);
      const parsed = contents.annotations.filter((a) => a.entry_id === 'entry-01').map((record) => parseImageAnnotation(record, labels));
      expect(parsed.map((annotation) => [annotation.shape.kind, annotation.category?.path])).toEqual([
        ['box', 'Vehicles/Car'],
        ['box', 'Vehicles/Bus'],
        ['polygon', 'Road'],
        ['line', 'markings/Lane marking'],
        ['circle', 'signs/Round sign'],
        ['ellipse', 'signs/Oval sign'],
        ['mask', 'Sky'],
        ['entry-root', 'weather/Sunny'],
      ]);
      const mask = toPixelShape(parsed[6]!.shape, 300, 200);
      expect(mask.kind === 'mask' && mask.bitmap.data.reduce((sum, bit) => sum + bit, 0)).toBe(IDAH_SAMPLE_MASK_PIXELS);
      expect(toPixelShape(parsed[4]!.shape, 300, 200)).toEqual({ kind: 'circle', center: [240, 60], radius: 20 });
      expect(parsed[0]!.attributes.map((a) => [a.name, a.value, a.optionLabels])).toEqual([['Occluded', false, undefined], ['Colour', 'red', ['Red']]]);
    } finally {
      await source.close();
    }
  });

  it('goes through the upd exporter into the current schema (1.1) and reads back as the same records', { timeout: 60_000 }, async () => {
    const idah = await openUpdSource(await idahFile());
    const outDir = await dirs.make();
    let written: string;
    try {
      const job = await runExportJob({
        exporter: { id: 'Upd::UpdExport', exporterClass: UpdExport, selector: /.*/ },
        source: idah,
        datasetIds: 'all',
        options: { include_medias: 'all', completed_entries: false },
        outDir,
        logSink: () => {},
      });
      expect(job.error).toBeNull();
      written = job.output!.path;
    } finally {
      await idah.close();
    }
    const [before, after] = await Promise.all([idahFile().then(openUpdSource), openUpdSource(written)]);
    try {
      expect(after.info).toMatchObject({ schemaVersion: '1.1', annotationColumns: 'category' });
      expect(await readSourceContents(after)).toEqual(await readSourceContents(before));
    } finally {
      await Promise.all([before.close(), after.close()]);
    }
  });
});
