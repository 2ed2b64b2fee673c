import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { CocoExport } from '../../../plugins/coco/backends/sync/coco/export.ts';
import { CsvExport } from '../../../plugins/csv/backends/sync/csv/export.ts';
import { JsonExport } from '../../../plugins/json/backends/sync/json/export.ts';
import { UpdExport } from '../../../plugins/upd/backends/sync/upd/export.ts';
import type { ExporterClass } from '../../../runtime/exporter.ts';
import { runExportJob } from '../../../runtime/jobs/run-export-job.ts';
import { openUpdSource } from '../../../runtime/sources/upd/upd-source.ts';
import { readZipEntries } from '../../../runtime/testing/read-output.ts';
import { GOOD_ANNOTATIONS, PLANTED_BAD_RECORDS, recordsNamed, writeHostileUpd } from '../../support/hostile-upd.ts';
import { tempDirs } from '../upd/support/temp-dir.ts';

const dirs = tempDirs({ per: 'suite' });
let folder: string;
let sourcePath: string;

beforeAll(async () => {
  folder = await dirs.make();
  sourcePath = await writeHostileUpd(folder);
});

async function run(exporterClass: ExporterClass, options: Record<string, unknown>, outDir: string) {
  const source = await openUpdSource(sourcePath);
  try {
    return await runExportJob({ exporter: { id: 'Test::Export', exporterClass }, source, datasetIds: 'all', options, outDir, logSink: () => {} });
  } finally {
    await source.close();
  }
}

/** The annotation ids each exporter's output holds, read back by the format's own reader. */
const annotationIdsIn: Record<string, (path: string) => Promise<string[]>> = {
  json: async (path) => {
    const document = JSON.parse(await readFile(path, 'utf8'));
    return document.datasets.flatMap((dataset: { entries: Array<{ annotations: Array<{ id: string }> }> }) =>
      dataset.entries.flatMap((entry) => entry.annotations.map((annotation) => annotation.id)),
    );
  },
  csv: async (path) => {
    const script = 'import csv,json,sys; print(json.dumps([row["annotation_id"] for row in csv.DictReader(open(sys.argv[1], newline=""))]))';
    return JSON.parse(execFileSync('python3', ['-c', script, path]).toString());
  },
  upd: async (path) => {
    const exported = await openUpdSource(path);
    try {
      const ids: string[] = [];
      for (const dataset of await exported.listDatasets()) {
        for await (const batch of exported.entryBatches(dataset.id, {}, { batchSize: 100 })) {
          for (const list of (await exported.annotationsOf(batch, {})).values()) ids.push(...list.map((annotation) => annotation.id));
        }
      }
      expect(await exported.integrityProblems()).toEqual([]);
      return ids;
    } finally {
      await exported.close();
    }
  },
  coco: async (path) => {
    const files = await readZipEntries(path);
    const instances = JSON.parse(files.get('annotations/instances_default.json')!.toString());
    // COCO numbers annotations anew: each is named by its image's file name.
    const images = new Map<number, string>(instances.images.map((image: { id: number; file_name: string }) => [image.id, image.file_name]));
    return instances.annotations.map((annotation: { image_id: number }) => images.get(annotation.image_id)!);
  },
};

const exporters = [
  ['json', JsonExport, {}],
  ['csv', CsvExport, {}],
  ['upd', UpdExport, { completed_entries: false }],
  ['coco', CocoExport, {}],
] as const;

describe.each(exporters)('%s: a bad record is an item, not the export', (name, exporterClass, options) => {
  it('under on_error=skip completes, lists each bad record (table, id, column) in the job, and exports only good ones', async () => {
    const outDir = join(folder, `${name}-skip`);
    const job = await run(exporterClass as ExporterClass, { ...options, on_error: 'skip' }, outDir);
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
    expect(recordsNamed(job.skipped)).toEqual(PLANTED_BAD_RECORDS);
    expect(job.skipped).toContainEqual({
      dataset_id: 'good',
      entry_id: 'e1',
      annotation_id: 'a2',
      record: { table: 'annotations', id: 'a2', column: 'properties' },
      reason: expect.stringContaining('JSON nested more than 128 levels deep'),
    });
    const ids = await annotationIdsIn[name]!(job.output!.path);
    // COCO has no image for e4, whose only media is the bad row: that entry is skipped as imageless too.
    if (name === 'coco') expect(ids.sort()).toEqual(['e1.png', 'e2.png', 'f1.png']);
    else expect(ids.sort()).toEqual(GOOD_ANNOTATIONS);
  });

  it('by default fails, naming the first bad record, and publishes nothing', async () => {
    const outDir = join(folder, `${name}-fail`);
    const job = await run(exporterClass as ExporterClass, options, outDir);
    expect(job.status).toBe('errored');
    expect(job.error).toContain('entries.dataset_id of "orphan-e": belongs to dataset "no-such-dataset", which the file does not hold');
    expect(job.error).toContain('on_error');
    expect(await readdir(outDir).catch(() => [])).toEqual([]);
  });
});
