import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CocoExport } from '../../../../plugins/coco/backends/sync/coco/export.ts';
import { CvatExport } from '../../../../plugins/cvat/backends/sync/cvat/export.ts';
import { PascalVocExport } from '../../../../plugins/pascal-voc/backends/sync/pascal_voc/export.ts';
import { YoloExport } from '../../../../plugins/yolo/backends/sync/yolo/export.ts';
import type { ExporterClass } from '../../../../runtime/exporter.ts';
import { runExportJob } from '../../../../runtime/jobs/run-export-job.ts';
import { openUpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { idahSampleDatasets } from '../../../../runtime/testing/idah-sample.ts';
import { writeIdahUpd } from '../../../../runtime/testing/idah-upd.ts';
import { tempDirs } from '../../upd/support/temp-dir.ts';

const dirs = tempDirs();

const EXPORTERS: Array<[string, ExporterClass, Record<string, unknown>]> = [
  ['coco', CocoExport as ExporterClass, {}],
  ['yolo detect', YoloExport as ExporterClass, { task: 'detect' }],
  ['yolo segment', YoloExport as ExporterClass, { task: 'segment' }],
  ['pascal-voc', PascalVocExport as ExporterClass, {}],
  ['cvat', CvatExport as ExporterClass, {}],
];

// The bar: a UPD written the way IDAH writes it exports through every image format,
// with on_error "fail" (no annotation is bad data), and what a format cannot hold is reported.
describe('a UPD written the way IDAH writes it, through every image exporter', () => {
  it.each(EXPORTERS)('%s completes, every shape written or reported', { timeout: 120_000 }, async (_name, exporterClass, options) => {
    const path = join(await dirs.make(), 'idah.upd');
    await writeIdahUpd(path, idahSampleDatasets());
    const source = await openUpdSource(path);
    try {
      const job = await runExportJob({
        exporter: { id: 'X::Export', exporterClass, selector: 'idah-image' },
        source,
        datasetIds: 'all',
        options,
        outDir: await dirs.make(),
        logSink: () => {},
      });
      expect({ status: job.status, error: job.error }).toEqual({ status: 'completed', error: null });
      for (const item of job.skipped) {
        expect(item.annotation_id).toBeDefined();
        expect(item.reason).not.toMatch(/^expected /);
      }
    } finally {
      await source.close();
    }
  });
});
